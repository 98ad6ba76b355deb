package dev.odpe.testsupport.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An argocd-server double on loopback with any number of Applications, each serving model version 8
 * after 6 and 7 (Helm parameter {@code model.version}), for tests that kill engines mid-rollback.
 * {@code POST …/rollback} starts an operation that runs for {@code operation} (phase {@code Running},
 * so a kill lands in the middle of it) and then succeeds, adding a history entry; a rollback while
 * one runs is refused as Argo CD refuses it. Every rollback request is recorded, refused or not.
 *
 * <p>As in Argo CD, a rollback does not change {@code spec.source}: Git still says version 8. So an
 * engine that forgets it already rolled back and asks again would be accepted a second time, which
 * is what a duplicate-request assertion must be able to see.
 */
public final class ArgoCdApplications implements AutoCloseable {

    /** One {@code POST …/rollback} as it arrived: which Application, which history id, when, accepted or not. */
    public record RollbackRequest(String application, long historyId, Instant arrived, long arrivedNanos, int status) {}

    private static final Pattern PATH = Pattern.compile("/api/v1/applications/([^/]+)(/rollback)?");
    private static final Pattern HISTORY_ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Duration operation;
    private final Clock clock;
    private final Map<String, Application> applications = new ConcurrentHashMap<>();
    private final List<RollbackRequest> rollbacks = new CopyOnWriteArrayList<>();

    /** State of one Application; guarded by itself. */
    private static final class Application {
        int historyEntries = 3;
        Instant operationStarted = Instant.parse("2026-11-27T10:00:00Z");
        Instant operationEnds = operationStarted;
        boolean rolledBack;
    }

    private ArgoCdApplications(HttpServer server, Duration operation, Clock clock) {
        this.server = server;
        this.operation = operation;
        this.clock = clock;
    }

    /** Starts the double; each accepted rollback's operation runs for {@code operation}. */
    public static ArgoCdApplications start(Duration operation) {
        // The JDK server writes headers and body apart: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ArgoCdApplications double_ = new ArgoCdApplications(server, operation, Clock.systemUTC());
            server.setExecutor(double_.threads);
            server.createContext("/api/v1/applications/", double_::handle);
            server.start();
            return double_;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every rollback request so far, in arrival order. */
    public List<RollbackRequest> rollbacks() {
        return List.copyOf(rollbacks);
    }

    /** Rollback requests Argo CD accepted (2xx): each one is an operation on the cluster. */
    public List<RollbackRequest> acceptedRollbacks() {
        return rollbacks.stream().filter(r -> r.status() / 100 == 2).toList();
    }

    /** Applications whose rollback operation is running now: a kill at this moment is a kill mid-rollback. */
    public List<String> runningOperations() {
        Instant now = clock.instant();
        return applications.entrySet().stream()
                .filter(e -> {
                    synchronized (e.getValue()) {
                        return e.getValue().rolledBack && now.isBefore(e.getValue().operationEnds);
                    }
                })
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
        if (!path.matches()) {
            respond(exchange, 404, error(5, "not found"));
            return;
        }
        String name = path.group(1);
        Application app = applications.computeIfAbsent(name, n -> new Application());
        if (path.group(2) == null) {
            synchronized (app) {
                respond(exchange, 200, json(name, app, clock.instant()));
            }
            return;
        }
        Matcher id = HISTORY_ID.matcher(body);
        long historyId = id.find() ? Long.parseLong(id.group(1)) : -1;
        Instant now = clock.instant();
        long nanos = System.nanoTime();
        int status;
        String answer;
        synchronized (app) {
            if (now.isBefore(app.operationEnds)) {
                status = 400;
                answer = error(9, "another operation is already in progress");
            } else if (historyId < 1 || historyId > app.historyEntries) {
                status = 400;
                answer = error(3, "application " + name + " does not have deployment with id " + historyId);
            } else {
                status = 200;
                app.rolledBack = true;
                app.operationStarted = now;
                app.operationEnds = now.plus(operation);
                app.historyEntries++;
                answer = json(name, app, now);
            }
        }
        rollbacks.add(new RollbackRequest(name, historyId, now, nanos, status));
        respond(exchange, status, answer);
    }

    /**
     * The Application as argocd-server returns it. History entries 1–3 serve versions 6, 7, 8; each
     * rollback adds one serving 7 (where it rolled back to). {@code spec.source} stays at 8.
     */
    private static String json(String name, Application app, Instant now) {
        boolean running = now.isBefore(app.operationEnds);
        StringBuilder history = new StringBuilder();
        for (int i = 1; i <= app.historyEntries; i++) {
            String version = i == 1 ? "6" : i == 3 ? "8" : "7";
            if (i > 1) {
                history.append(',');
            }
            history.append("{\"id\":%d,\"revision\":\"r%d\",\"deployedAt\":\"2026-11-27T10:00:00Z\",\"source\":%s}"
                    .formatted(i, i, source(version)));
        }
        String operationState = running
                ? "{\"phase\":\"Running\",\"startedAt\":\"%s\"}".formatted(app.operationStarted)
                : "{\"phase\":\"Succeeded\",\"startedAt\":\"%s\",\"finishedAt\":\"%s\"}"
                        .formatted(app.operationStarted, app.operationEnds);
        return ("{\"metadata\":{\"name\":\"%s\",\"namespace\":\"argocd\"},\"spec\":{\"project\":\"default\","
                        + "\"source\":%s},\"status\":{\"operationState\":%s,\"sync\":{\"status\":\"%s\"},"
                        + "\"health\":{\"status\":\"%s\"},\"history\":[%s]}}")
                .formatted(
                        name,
                        source("8"),
                        operationState,
                        app.rolledBack ? "OutOfSync" : "Synced",
                        running ? "Progressing" : "Healthy",
                        history);
    }

    private static String source(String version) {
        return "{\"repoURL\":\"https://git.example/models.git\",\"chart\":\"triton-model\",\"helm\":{\"parameters\":"
                + "[{\"name\":\"model.version\",\"value\":\"%s\"}]}}".formatted(version);
    }

    /** Argo CD's gRPC-gateway error body. */
    private static String error(int grpcCode, String message) {
        return "{\"error\":\"" + message + "\",\"code\":" + grpcCode + ",\"message\":\"" + message + "\"}";
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // the engine was killed while waiting for the answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
