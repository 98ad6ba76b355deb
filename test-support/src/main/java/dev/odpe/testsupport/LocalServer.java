package dev.odpe.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.stream.Stream;

/**
 * A server binary of the Prometheus family (Prometheus, Alertmanager) as the tests run it: its own
 * temporary directory, a free loopback port, output in a log file, ready once {@code /-/ready} answers
 * 200. What each server needs beyond that (config, API calls) lives in {@link Prometheus} and
 * {@link Alertmanager}.
 */
public final class LocalServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final int START_ATTEMPTS = 3;

    private final String name;
    private final Process process;
    private final Path workDir;
    private final URI baseUri;
    private final Access access;

    private LocalServer(String name, Process process, Path workDir, URI baseUri, Access access) {
        this.name = name;
        this.process = process;
        this.workDir = workDir;
        this.baseUri = baseUri;
        this.access = access;
    }

    /**
     * How the tests reach a server: scheme, the client (with its trust), and an Authorization header for
     * a server behind a web config with basic auth.
     */
    public record Access(String scheme, HttpClient client, Optional<String> authorization) {

        public static Access plain() {
            return new Access(
                    "http",
                    HttpClient.newBuilder()
                            .connectTimeout(Duration.ofSeconds(2))
                            .build(),
                    Optional.empty());
        }

        HttpRequest.Builder request(URI uri) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
            authorization.ifPresent(value -> builder.header("Authorization", value));
            return builder;
        }
    }

    /** The Debian path if executable, else the first of {@code names} on PATH; else the test fails with the hint. */
    static Path locate(String name, Path debianBinary, List<String> names, String installHint) {
        if (Files.isExecutable(debianBinary)) {
            return debianBinary;
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> names.stream().map(binary -> Path.of(dir, binary)))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        name + " binary not found at " + debianBinary + " or on PATH; " + installHint));
    }

    /**
     * Starts {@code binary} with the arguments {@code arguments(workDir, port)} gives (it may write config
     * files into the work dir) and returns once it is ready. A picked port can be taken before the
     * server binds it, so a failed start is retried on a fresh port.
     */
    static LocalServer start(String name, Path binary, BiFunction<Path, Integer, List<String>> arguments) {
        return start(name, binary, arguments, Access.plain());
    }

    static LocalServer start(
            String name, Path binary, BiFunction<Path, Integer, List<String>> arguments, Access access) {
        AssertionError lastFailure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                return startOnce(name, binary, arguments, FreePort.pick(), access);
            } catch (AssertionError e) {
                lastFailure = e;
            }
        }
        throw lastFailure;
    }

    URI baseUri() {
        return baseUri;
    }

    Path workDir() {
        return workDir;
    }

    /** Everything the server logged so far. */
    String log() {
        try {
            return Files.readString(logFile(workDir, name));
        } catch (IOException e) {
            return "(log unavailable: " + e + ")";
        }
    }

    /** The log, framed for a failure message. */
    String logExcerpt() {
        return "\n--- " + name + " log (" + workDir + ") ---\n" + log();
    }

    /** Stops the process; its URL no longer answers (connection refused). Files stay until {@link #close}. */
    void stop() {
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

    @Override
    public void close() {
        stop();
        deleteRecursively(workDir);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static LocalServer startOnce(
            String name, Path binary, BiFunction<Path, Integer, List<String>> arguments, int port, Access access) {
        Path workDir = createWorkDir(name);
        try {
            List<String> command = Stream.concat(Stream.of(binary.toString()), arguments.apply(workDir, port).stream())
                    .toList();
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile(workDir, name).toFile())
                    .start();
            LocalServer server = new LocalServer(
                    name, process, workDir, URI.create(access.scheme() + "://127.0.0.1:" + port), access);
            try {
                server.awaitReady();
                return server;
            } catch (AssertionError e) {
                server.close();
                throw e;
            }
        } catch (IOException | UncheckedIOException e) {
            deleteRecursively(workDir);
            throw new UncheckedIOException(
                    "could not start " + binary,
                    e instanceof IOException io ? io : ((UncheckedIOException) e).getCause());
        }
    }

    private void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        HttpRequest ready = access.request(baseUri.resolve("/-/ready"))
                .timeout(Duration.ofSeconds(2))
                .GET()
                .build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(
                        name + " exited with " + process.exitValue() + " before it was ready" + logExcerpt());
            }
            try {
                if (access.client()
                                .send(ready, HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException notReadyYet) {
                // not listening yet, or a half-started server reset the connection: keep polling
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + name);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new AssertionError(name + " was not ready within " + READY_TIMEOUT + logExcerpt());
    }

    private static Path logFile(Path workDir, String name) {
        return workDir.resolve(name.toLowerCase(Locale.ROOT) + ".log");
    }

    private static Path createWorkDir(String name) {
        try {
            return Files.createTempDirectory("odpe-" + name.toLowerCase(Locale.ROOT) + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
