package dev.odpe.bench.scaler;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The Debian Prometheus on a free loopback port, scraping one target every second. */
public final class RealPrometheus implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/bin/prometheus");

    private final Process process;
    private final URI baseUri;

    private RealPrometheus(Process process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    public static RealPrometheus start(String target) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException("Prometheus not found at " + BINARY + "; install it: apt-get install -y prometheus");
        }
        Path dir = Files.createTempDirectory("odpe-bench-prometheus-");
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                scrape_configs:
                  - job_name: triton
                    static_configs:
                      - targets: ['%s']
                """.formatted(target));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process process = new ProcessBuilder(BINARY.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        RealPrometheus prometheus = new RealPrometheus(process, URI.create("http://127.0.0.1:" + port));
        prometheus.awaitReady(Duration.ofSeconds(30));
        return prometheus;
    }

    public URI baseUri() {
        return baseUri;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(baseUri.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Prometheus not ready within " + timeout);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
