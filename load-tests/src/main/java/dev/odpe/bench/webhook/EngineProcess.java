package dev.odpe.bench.webhook;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged engine ({@code engine/target/quarkus-app/quarkus-run.jar}) as a child JVM on loopback
 * ports, started the way {@code scripts/start.sh} starts it (production profile, JSON logs, OTLP
 * exporter quiet), so the benchmark measures what ships.
 */
public final class EngineProcess implements AutoCloseable {

    private final Process process;
    private final int httpPort;
    private final int grpcPort;

    private EngineProcess(Process process, int httpPort, int grpcPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.grpcPort = grpcPort;
    }

    public static EngineProcess start(Path jar, List<String> jvmOptions, DecisionTap tap, OutputStream otherLines)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("No engine at " + jar.toAbsolutePath()
                    + "; build it first: mvn -q -DskipTests -pl engine -am install");
        }
        int http = freePort();
        int grpc = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=" + http,
                "-Dquarkus.grpc.server.port=" + grpc,
                "-Dquarkus.log.category.\"io.quarkus.opentelemetry.runtime.exporter.otlp\".level=ERROR"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        tap.start(process.getInputStream(), otherLines);
        EngineProcess engine = new EngineProcess(process, http, grpc);
        engine.awaitReady(Duration.ofSeconds(60));
        return engine;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /** GET {@code path} as text (e.g. {@code /q/metrics}). */
    public String get(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The KEDA external scaler's gRPC port (plaintext). */
    public int grpcPort() {
        return grpcPort;
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("engine exited with " + process.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(uri("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("engine not ready within " + timeout);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
