package dev.odpe.engine.it;

import static org.junit.jupiter.api.Assertions.fail;

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
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (the Debian {@code prometheus} binary, 2.42) on a free loopback port, with a
 * temporary TSDB, scraping one static target every second (job {@code triton}). {@link #stop}
 * kills the process (the URL stops answering); {@link #close} also deletes its files. A missing
 * binary fails the test with the install command: these tests are never skipped.
 */
public final class Prometheus implements AutoCloseable {

    static final String INSTALL_HINT = "install with: sudo apt-get install -y prometheus";
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SCRAPED_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final URI baseUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    private Prometheus(Process process, Path workDir, URI baseUri) {
        this.process = process;
        this.workDir = workDir;
        this.baseUri = baseUri;
    }

    /** Starts Prometheus scraping {@code target} ({@code host:port}, path /metrics); returns once it is ready. */
    public static Prometheus scraping(String target) {
        Path binary = locateBinary();
        AssertionError lastFailure = null;
        // A picked port can be taken before Prometheus binds it; a fresh port usually fixes that.
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(binary, target, FreePort.pick());
            } catch (AssertionError e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    /** e.g. {@code http://127.0.0.1:40123} */
    public URI baseUri() {
        return baseUri;
    }

    /** Waits until the target has been scraped successfully ({@code up{job="triton"} == 1}). */
    public void awaitTargetUp() {
        Instant deadline = Instant.now().plus(SCRAPED_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            JsonNode result = instantQuery("up{job=\"triton\"} == 1").path("data").path("result");
            if (result.size() == 1) {
                return;
            }
            sleep(Duration.ofMillis(200));
        }
        fail("Prometheus did not scrape the target within " + SCRAPED_TIMEOUT + logExcerpt());
    }

    /** Prometheus' own answer to an instant query, as JSON. */
    public JsonNode instantQuery(String promql) {
        URI uri = baseUri.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new AssertionError("could not query Prometheus at " + uri + logExcerpt(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while querying Prometheus", e);
        }
    }

    /** Stops the process; the URL no longer answers (connection refused). */
    public void stop() {
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

    /** Everything Prometheus logged so far; put it in failure messages. */
    public String log() {
        try {
            return Files.readString(workDir.resolve("prometheus.log"));
        } catch (IOException e) {
            return "(log unavailable: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
        deleteRecursively(workDir);
    }

    private static Prometheus startOnce(Path binary, String target, int port) {
        Path workDir = createWorkDir();
        try {
            Path config = Files.writeString(workDir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: triton
                        static_configs:
                          - targets: ['%s']
                    """.formatted(target));
            Process process = new ProcessBuilder(
                    binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + workDir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(workDir.resolve("prometheus.log").toFile())
                    .start();
            Prometheus prometheus = new Prometheus(process, workDir, URI.create("http://127.0.0.1:" + port));
            try {
                prometheus.awaitReady();
                return prometheus;
            } catch (AssertionError e) {
                prometheus.close();
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
                fail("Prometheus exited with " + process.exitValue() + " before it was ready" + logExcerpt());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for Prometheus");
            }
            sleep(Duration.ofMillis(100));
        }
        fail("Prometheus was not ready within " + READY_TIMEOUT + logExcerpt());
    }

    private String logExcerpt() {
        return "\n--- Prometheus log (" + workDir + ") ---\n" + log();
    }

    static Path locateBinary() {
        if (Files.isExecutable(DEBIAN_BINARY)) {
            return DEBIAN_BINARY;
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "prometheus"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseGet(() -> fail("Prometheus binary not found at " + DEBIAN_BINARY + " or on PATH; " + INSTALL_HINT));
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("odpe-prometheus-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
