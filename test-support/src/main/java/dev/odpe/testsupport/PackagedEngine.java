package dev.odpe.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The packaged engine ({@code quarkus-run.jar}) as a child JVM on free loopback ports (HTTP and gRPC):
 * integration tests kill and restart it like a crashed pod, benchmarks measure what ships. Its console
 * goes to a temporary log file ({@link #log}), or to a reader of the caller's ({@link Launch#console}).
 */
public final class PackagedEngine implements AutoCloseable {

    /** Where {@code mvn package} puts the engine, relative to the engine module. */
    public static final Path ENGINE_MODULE_JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final Optional<Path> log;
    private final URI baseUri;
    private final int grpcPort;

    private PackagedEngine(Process process, Optional<Path> log, URI baseUri, int grpcPort) {
        this.process = process;
        this.log = log;
        this.baseUri = baseUri;
        this.grpcPort = grpcPort;
    }

    /** A launch of the engine at {@code jar}: add options, then {@link Launch#start()}. */
    public static Launch launch(Path jar) {
        return new Launch(jar);
    }

    /** What the child JVM is started with; nothing is started before {@link #start()}. */
    public static final class Launch {

        private final Path jar;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> environment = new LinkedHashMap<>();
        private String name = "engine";
        private Consumer<InputStream> console;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private int httpPort;

        private Launch(Path jar) {
            this.jar = jar;
        }

        /** Names the log file, e.g. {@code first} and {@code second} for two engines in one test. */
        public Launch name(String name) {
            this.name = name;
            return this;
        }

        /** JVM options, e.g. {@code -Xmx512m} or {@code -Dodpe.kafka.enabled=true}. */
        public Launch jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** {@code -Dkey=value} for each entry. */
        public Launch properties(Map<String, String> properties) {
            properties.forEach((key, value) -> jvmOptions.add("-D" + key + "=" + value));
            return this;
        }

        /**
         * Environment variables added to the child's (inherited) environment, e.g. a pod's {@code POD_NAME},
         * {@code HOSTNAME} and {@code KUBECONFIG}, as a Deployment's container would get them.
         */
        public Launch environment(Map<String, String> variables) {
            environment.putAll(variables);
            return this;
        }

        /** How long {@link #start()} waits for readiness (90 s): several engines starting at once on a busy machine need more. */
        public Launch readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        /**
         * Serves HTTP on {@code port} (from {@link FreePort#pick()}) instead of a port picked at start: for
         * servers that must know the engine's URL before it starts (Alertmanager's webhook, a Prometheus scrape).
         */
        public Launch httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Hands the engine's console (stdout and stderr) to {@code reader} instead of the log file. */
        public Launch console(Consumer<InputStream> reader) {
            this.console = reader;
            return this;
        }

        /** Starts the engine and returns once {@code /q/health/ready} answers 200. */
        public PackagedEngine start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(
                        "no packaged engine at " + jar.toAbsolutePath() + "; build it first: "
                                + "mvn -DskipTests -pl engine -am package (mvn verify packages it before the integration tests)");
            }
            int httpPort = this.httpPort > 0 ? this.httpPort : FreePort.pick();
            int grpcPort = FreePort.pick();
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dquarkus.http.port=" + httpPort,
                    "-Dquarkus.grpc.server.port=" + grpcPort));
            command.addAll(jvmOptions);
            command.addAll(List.of("-jar", jar.toString()));
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
                builder.environment().putAll(environment);
                Optional<Path> log = Optional.empty();
                if (console == null) {
                    log = Optional.of(Files.createTempFile("odpe-engine-" + name + "-", ".log"));
                    builder.redirectOutput(log.get().toFile());
                }
                Process process = builder.start();
                if (console != null) {
                    console.accept(process.getInputStream());
                }
                PackagedEngine engine =
                        new PackagedEngine(process, log, URI.create("http://127.0.0.1:" + httpPort), grpcPort);
                engine.awaitReady(readyTimeout);
                return engine;
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the packaged engine " + jar, e);
            }
        }
    }

    /** e.g. {@code http://127.0.0.1:40123} */
    public URI baseUri() {
        return baseUri;
    }

    /** {@code path} on the engine's HTTP port, e.g. {@code /api/v1/alerts/alertmanager}. */
    public URI uri(String path) {
        return baseUri.resolve(path);
    }

    /** GET {@code path} as text (e.g. {@code /q/metrics}). */
    public String get(String path) {
        try {
            return HttpClient.newHttpClient()
                    .send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
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

    /** False once the child JVM exited (killed, stopped, or it quit on its own, e.g. after losing its lease). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no drain, no final offset commit. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM: Quarkus shuts down gracefully (drain, close the Kafka clients); true if it exited {@code within}. */
    public boolean stop(Duration within) {
        process.destroy();
        try {
            return process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Everything the engine logged so far, when its console goes to the log file. */
    public String log() {
        if (log.isEmpty()) {
            return "(the console went to the caller's reader)";
        }
        try {
            return Files.readString(log.get());
        } catch (IOException e) {
            return "(log unavailable: " + e + ")";
        }
    }

    /** Stops the engine (SIGTERM, then SIGKILL after 30 s) and deletes its log file. */
    @Override
    public void close() {
        if (!stop(STOP_TIMEOUT)) {
            kill();
        }
        log.ifPresent(file -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        });
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(uri("/q/health/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the engine exited with " + process.exitValue() + " before it was ready:\n" + log());
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
                throw new IllegalStateException("interrupted while waiting for the engine", e);
            }
            sleep(Duration.ofMillis(200));
        }
        kill();
        throw new IllegalStateException("the engine was not ready within " + timeout + ":\n" + log());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
