package dev.odpe.engine.adapter.kafka;

import dev.odpe.engine.it.FreePort;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged engine ({@code target/quarkus-app/quarkus-run.jar}, built by {@code mvn verify} before
 * failsafe runs) as a child JVM that a test can kill without warning and start again, like a crashed pod.
 */
final class PackagedEngine implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final URI baseUri;

    private PackagedEngine(Process process, Path log, URI baseUri) {
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
    }

    /** Starts the engine with these {@code -D} properties and returns once {@code /q/health/ready} is 200. */
    static PackagedEngine start(String name, Map<String, String> properties) {
        if (!Files.isRegularFile(JAR)) {
            fail(JAR.toAbsolutePath() + " is missing: integration tests run on the packaged engine; run them "
                    + "with `mvn verify` (scripts/test.sh), which packages it first");
        }
        try {
            int port = FreePort.pick();
            Path log = Files.createTempFile("odpe-engine-" + name + "-", ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-Xmx512m"));
            command.add("-Dquarkus.http.port=" + port);
            command.add("-Dquarkus.grpc.server.port=" + FreePort.pick());
            command.add("-Dquarkus.log.console.json.enabled=false");
            command.add("-Dquarkus.otel.traces.exporter=none");
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.addAll(List.of("-jar", JAR.toString()));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            PackagedEngine engine = new PackagedEngine(process, log, URI.create("http://127.0.0.1:" + port));
            engine.awaitReady();
            return engine;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the packaged engine", e);
        }
    }

    URI baseUri() {
        return baseUri;
    }

    /** SIGKILL: no shutdown hook, no drain, no final offset commit. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM: Quarkus shuts down gracefully (drain, close the Kafka clients); waits for the exit. */
    boolean stop(java.time.Duration within) {
        process.destroy();
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unavailable: " + e + ")";
        }
    }

    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a temp file left behind is harmless
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("/q/health/ready")).timeout(Duration.ofSeconds(2))
                .GET().build();
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("the engine exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for the engine");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kill();
        fail("the engine was not ready within " + READY_TIMEOUT + ":\n" + log());
    }
}
