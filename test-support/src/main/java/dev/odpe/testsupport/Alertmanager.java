package dev.odpe.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A real Alertmanager (the Debian {@code prometheus-alertmanager} binary) running on a free loopback
 * port, routing every alert to one webhook. Close it to stop the process and delete its files.
 * A missing binary fails the test with the install command: these tests are never skipped.
 */
public final class Alertmanager implements AutoCloseable {

    static final String INSTALL_HINT = "install it: apt-get install -y prometheus-alertmanager";
    private static final List<String> BINARY_NAMES = List.of("prometheus-alertmanager", "alertmanager");
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus-alertmanager");

    private final LocalServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private Alertmanager(LocalServer server) {
        this.server = server;
    }

    /** Starts Alertmanager routing every alert to {@code receiver}; returns once {@code /-/ready} answers 200. */
    public static Alertmanager start(WebhookReceiver receiver) {
        Path binary = LocalServer.locate("Alertmanager", DEBIAN_BINARY, BINARY_NAMES, INSTALL_HINT);
        return new Alertmanager(LocalServer.start(
                "Alertmanager",
                binary,
                (workDir, port) -> List.of(
                        "--config.file=" + writeConfig(workDir, receiver),
                        "--storage.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port,
                        "--cluster.listen-address=",
                        "--log.level=debug")));
    }

    /** Alertmanager's base URI, e.g. {@code http://127.0.0.1:40123}. */
    public URI baseUri() {
        return server.baseUri();
    }

    /** Posts alerts the way Prometheus does ({@code POST /api/v2/alerts}); fails unless Alertmanager answers 200. */
    public void post(TestAlert... alerts) {
        String body = toJson(Arrays.stream(alerts).map(TestAlert::toApiV2).toList());
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            throw new AssertionError("Alertmanager refused alerts with " + response.statusCode() + ": "
                    + response.body() + logExcerpt());
        }
    }

    /** Fingerprints of the alerts Alertmanager currently holds ({@code GET /api/v2/alerts}), in its order. */
    public List<String> fingerprints() {
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        try {
            List<String> fingerprints = new ArrayList<>();
            json.readTree(response.body())
                    .forEach(alert -> fingerprints.add(alert.path("fingerprint").asText()));
            return fingerprints;
        } catch (JsonProcessingException e) {
            throw new AssertionError("Alertmanager answered unreadable alerts: " + response.body(), e);
        }
    }

    /** Labels of every alert Alertmanager holds as active now (not silenced, not inhibited), in its order. */
    public List<Map<String, String>> activeAlertLabels() {
        HttpRequest request = HttpRequest.newBuilder(
                        baseUri().resolve("/api/v2/alerts?active=true&silenced=false&inhibited=false"))
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        HttpResponse<String> response = send(request);
        try {
            List<Map<String, String>> alerts = new ArrayList<>();
            for (var alert : json.readTree(response.body())) {
                Map<String, String> labels = new TreeMap<>();
                alert.path("labels")
                        .fields()
                        .forEachRemaining(
                                l -> labels.put(l.getKey(), l.getValue().asText()));
                alerts.add(labels);
            }
            return alerts;
        } catch (JsonProcessingException e) {
            throw new AssertionError("Alertmanager answered unreadable alerts: " + response.body(), e);
        }
    }

    /** Everything Alertmanager logged so far; put it in failure messages. */
    public String log() {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
    }

    private static String writeConfig(Path workDir, WebhookReceiver receiver) {
        try {
            Files.createDirectories(workDir.resolve("data"));
            return Files.writeString(
                            workDir.resolve("alertmanager.yml"), AlertmanagerConfig.routingEverythingTo(receiver))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("could not reach Alertmanager at " + request.uri() + logExcerpt(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while calling Alertmanager", e);
        }
    }

    private String logExcerpt() {
        return server.logExcerpt();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alerts are not serialisable", e);
        }
    }
}
