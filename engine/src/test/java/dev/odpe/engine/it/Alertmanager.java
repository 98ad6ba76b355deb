package dev.odpe.engine.it;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Alertmanager (the Debian {@code prometheus-alertmanager} binary) running on a free loopback
 * port, routing every alert to one webhook. Close it to stop the process and delete its files.
 * A missing binary fails the test with the install command: these tests are never skipped.
 */
public final class Alertmanager implements AutoCloseable {

    static final String INSTALL_HINT = "install it: apt-get install -y prometheus-alertmanager";
    private static final List<String> BINARY_NAMES = List.of("prometheus-alertmanager", "alertmanager");
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final URI baseUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private Alertmanager(Process process, Path workDir, URI baseUri) {
        this.process = process;
        this.workDir = workDir;
        this.baseUri = baseUri;
    }

    /** Starts Alertmanager and returns once {@code /-/ready} answers 200. */
    public static Alertmanager start(WebhookReceiver receiver) {
        Path binary = locateBinary();
        AssertionError lastFailure = null;
        // A picked port can be taken before Alertmanager binds it; a fresh port usually fixes that.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binary, receiver, FreePort.pick());
            } catch (AssertionError e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /** Alertmanager's base URI, e.g. {@code http://127.0.0.1:40123}. */
    public URI baseUri() {
        return baseUri;
    }

    /** Posts alerts the way Prometheus does ({@code POST /api/v2/alerts}); fails unless Alertmanager answers 200. */
    public void post(TestAlert... alerts) {
        String body = toJson(Arrays.stream(alerts).map(TestAlert::toApiV2).toList());
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/api/v2/alerts"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() != 200) {
            fail("Alertmanager refused alerts with " + response.statusCode() + ": " + response.body() + logExcerpt());
        }
    }

    /** Fingerprints of the alerts Alertmanager currently holds ({@code GET /api/v2/alerts}), in its order. */
    public List<String> fingerprints() {
        HttpRequest request = HttpRequest.newBuilder(baseUri.resolve("/api/v2/alerts")).timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<String> response = send(request);
        try {
            List<String> fingerprints = new ArrayList<>();
            json.readTree(response.body()).forEach(alert -> fingerprints.add(alert.path("fingerprint").asText()));
            return fingerprints;
        } catch (JsonProcessingException e) {
            throw new AssertionError("Alertmanager answered unreadable alerts: " + response.body(), e);
        }
    }

    /** Everything Alertmanager logged so far; put it in failure messages. */
    public String log() {
        try {
            return Files.readString(logFile(workDir));
        } catch (IOException e) {
            return "(log unavailable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop(process);
        deleteRecursively(workDir);
    }

    private static Alertmanager startOnce(Path binary, WebhookReceiver receiver, int port) {
        Path workDir = createWorkDir();
        try {
            Path config = Files.writeString(workDir.resolve("alertmanager.yml"), AlertmanagerConfig.routingEverythingTo(receiver));
            Files.createDirectories(workDir.resolve("data"));
            Process process = new ProcessBuilder(
                    binary.toString(),
                    "--config.file=" + config,
                    "--storage.path=" + workDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=",
                    "--log.level=debug")
                    .redirectErrorStream(true)
                    .redirectOutput(logFile(workDir).toFile())
                    .start();
            Alertmanager alertmanager = new Alertmanager(process, workDir, URI.create("http://127.0.0.1:" + port));
            try {
                alertmanager.awaitReady();
                return alertmanager;
            } catch (AssertionError e) {
                alertmanager.close();
                throw e;
            }
        } catch (IOException e) {
            deleteRecursively(workDir);
            throw new UncheckedIOException("could not start " + binary, e);
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("/-/ready")).timeout(Duration.ofSeconds(2)).GET().build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("Alertmanager exited with " + process.exitValue() + " before it was ready" + logExcerpt());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (ConnectException notListeningYet) {
                // keep polling
            } catch (IOException e) {
                // keep polling: a half-started server may reset the connection
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for Alertmanager");
            }
            sleep(Duration.ofMillis(100));
        }
        fail("Alertmanager was not ready within " + READY_TIMEOUT + logExcerpt());
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
        return "\n--- Alertmanager log (" + workDir + ") ---\n" + log();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("alerts are not serialisable", e);
        }
    }

    static Path locateBinary() {
        if (Files.isExecutable(DEBIAN_BINARY)) {
            return DEBIAN_BINARY;
        }
        Optional<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> BINARY_NAMES.stream().map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
        return onPath.orElseGet(() -> fail("Alertmanager binary not found at " + DEBIAN_BINARY + " or on PATH; " + INSTALL_HINT));
    }

    private static Path logFile(Path workDir) {
        return workDir.resolve("alertmanager.log");
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("odpe-alertmanager-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
