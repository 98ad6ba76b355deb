package dev.odpe.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A real Prometheus (the Debian {@code prometheus} binary, 2.42) on a free loopback port, with a
 * temporary TSDB, scraping one static target every second (job {@code triton}). {@link #stop}
 * kills the process (the URL stops answering); {@link #close} also deletes its files. A missing
 * binary fails the test with the install command: these tests are never skipped.
 */
public final class Prometheus implements AutoCloseable {

    static final String INSTALL_HINT = "install with: sudo apt-get install -y prometheus";
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration SCRAPED_TIMEOUT = Duration.ofSeconds(30);

    private final LocalServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private Prometheus(LocalServer server) {
        this.server = server;
    }

    /** Starts Prometheus scraping {@code target} ({@code host:port}, path /metrics); returns once it is ready. */
    public static Prometheus scraping(String target) {
        return scraping("triton", target, "/metrics");
    }

    /**
     * Starts Prometheus scraping {@code target} ({@code host:port}) at {@code metricsPath} every second as job
     * {@code job}, e.g. the engine's {@code /q/metrics}; returns once it is ready.
     */
    public static Prometheus scraping(String job, String target, String metricsPath) {
        Path binary = LocalServer.locate("Prometheus", DEBIAN_BINARY, List.of("prometheus"), INSTALL_HINT);
        return new Prometheus(LocalServer.start(
                "Prometheus",
                binary,
                (workDir, port) -> List.of(
                        "--config.file=" + writeConfig(workDir, job, target, metricsPath),
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port)));
    }

    /**
     * Starts Prometheus behind TLS and basic auth ({@code --web.config.file}), scraping nothing; returns
     * once it is ready. For the signal source's auth and TLS settings against the real server: {@code webConfig}
     * is the web config file, {@code access} how the helpers reach the server through it.
     */
    public static Prometheus secured(Path webConfig, LocalServer.Access access) {
        Path binary = LocalServer.locate("Prometheus", DEBIAN_BINARY, List.of("prometheus"), INSTALL_HINT);
        return new Prometheus(LocalServer.start(
                "Prometheus",
                binary,
                (workDir, port) -> List.of(
                        "--config.file=" + writeConfig(workDir, "triton", "127.0.0.1:9", "/metrics"),
                        "--web.config.file=" + webConfig,
                        "--storage.tsdb.path=" + workDir.resolve("data"),
                        "--web.listen-address=127.0.0.1:" + port),
                access));
    }

    /** e.g. {@code http://127.0.0.1:40123} */
    public URI baseUri() {
        return server.baseUri();
    }

    /** Waits until the target has been scraped successfully ({@code up{job="triton"} == 1}). */
    public void awaitTargetUp() {
        Instant deadline = Instant.now().plus(SCRAPED_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode result =
                    instantQuery("up{job=\"triton\"} == 1").path("data").path("result");
            if (result.size() == 1) {
                return;
            }
            LocalServer.sleep(Duration.ofMillis(200));
        }
        throw new AssertionError(
                "Prometheus did not scrape the target within " + SCRAPED_TIMEOUT + server.logExcerpt());
    }

    /** Prometheus' own answer to an instant query, as JSON. */
    public JsonNode instantQuery(String promql) {
        URI uri = baseUri().resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .GET()
                .build();
        try {
            return json.readTree(
                    http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new AssertionError("could not query Prometheus at " + uri + server.logExcerpt(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while querying Prometheus", e);
        }
    }

    /** Stops the process; the URL no longer answers (connection refused). */
    public void stop() {
        server.stop();
    }

    /** Everything Prometheus logged so far; put it in failure messages. */
    public String log() {
        return server.log();
    }

    @Override
    public void close() {
        server.close();
    }

    private static String writeConfig(Path workDir, String job, String target, String metricsPath) {
        try {
            return Files.writeString(workDir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: %s
                        metrics_path: %s
                        static_configs:
                          - targets: ['%s']
                    """.formatted(job, metricsPath, target))
                    .toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
