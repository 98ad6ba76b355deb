package dev.odpe.engine.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus (the Debian {@code prometheus} binary) on a free loopback port, scraping one
 * target every second. Close it to stop the process and delete its files. A missing binary fails the
 * test with the install command: these tests are never skipped.
 */
public final class Prometheus implements AutoCloseable {

    static final String INSTALL_HINT = "install it: apt-get install -y prometheus";
    private static final Path DEBIAN_BINARY = Path.of("/usr/bin/prometheus");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 3;

    private final Process process;
    private final Path workDir;
    private final URI baseUri;

    private Prometheus(Process process, Path workDir, URI baseUri) {
        this.process = process;
        this.workDir = workDir;
        this.baseUri = baseUri;
    }

    /** Starts Prometheus scraping {@code target} ({@code host:port}, path /metrics) every second. */
    public static Prometheus start(String target) {
        if (!Files.isExecutable(DEBIAN_BINARY)) {
            fail("Prometheus binary not found at " + DEBIAN_BINARY + "; " + INSTALL_HINT);
        }
        AssertionError last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(target, FreePort.pick());
            } catch (AssertionError e) {
                last = e; // the picked port was taken before Prometheus bound it
            }
        }
        throw last;
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Waits until {@code promQl} returns at least one series, e.g. until the first scrape landed. */
    public void awaitSeries(String promQl, Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            try {
                body = http.send(HttpRequest.newBuilder(baseUri.resolve("/api/v1/query?query="
                        + java.net.URLEncoder.encode(promQl, java.nio.charset.StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains("\"value\"")) {
                    return;
                }
                Thread.sleep(200);
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
        fail("Prometheus had no series for " + promQl + " within " + timeout + "; last answer " + body + logExcerpt());
    }

    private static Prometheus startOnce(String target, int port) {
        Path dir = createWorkDir();
        try {
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: triton
                        static_configs:
                          - targets: ['%s']
                    """.formatted(target));
            Process process = new ProcessBuilder(DEBIAN_BINARY.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            Prometheus prometheus = new Prometheus(process, dir, URI.create("http://127.0.0.1:" + port));
            prometheus.awaitReady();
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String log = logExcerpt();
                deleteWorkDir();
                fail("Prometheus exited with " + process.exitValue() + " before it was ready" + log);
            }
            try {
                if (http.send(HttpRequest.newBuilder(baseUri.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for Prometheus");
            }
            sleep();
        }
        close();
        fail("Prometheus was not ready within " + READY_TIMEOUT);
    }

    /** Stops the process (its files stay until {@link #close}) — for tests of an unreachable Prometheus. */
    public void stopProcess() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String logExcerpt() {
        try {
            List<String> lines = Files.readAllLines(workDir.resolve("prometheus.log"));
            return "\nlast Prometheus log lines:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15),
                    lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static Path createWorkDir() {
        try {
            return Files.createTempDirectory("odpe-prometheus-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteWorkDir() {
        try (Stream<Path> files = Files.walk(workDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; best effort
        }
    }

    @Override
    public void close() {
        stopProcess();
        deleteWorkDir();
    }
}
