package dev.odpe.engine.adapter.rollback.argocd;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP double of argocd-server on loopback: answers {@code GET /api/v1/applications/{name}} with
 * a scripted Application and {@code POST …/rollback} with a scripted status and body (errors as
 * Argo CD's gRPC gateway writes them), and records every request.
 */
public final class ArgoCdServerDouble implements AutoCloseable {

    public record Recorded(String method, String path, String query, String authorization, String body) {}

    private final HttpServer server;
    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile String application;
    private volatile int rollbackStatus = 200;
    private volatile String rollbackBody = "{}";
    private volatile Duration delay = Duration.ZERO;

    private volatile String afterRollback;

    private final String rootPath;

    public ArgoCdServerDouble() {
        this("");
    }

    /** @param rootPath argocd-server's {@code --rootpath}, e.g. {@code /argocd}: the API is served below it */
    public ArgoCdServerDouble(String rootPath) {
        this.rootPath = rootPath;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(rootPath + "/api/v1/applications/", this::handle);
        server.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + rootPath);
    }

    public void application(String json) {
        this.application = json;
    }

    public void rollbackAnswers(int status, String body) {
        this.rollbackStatus = status;
        this.rollbackBody = body;
    }

    /** Argo CD's gRPC-gateway error body. */
    public static String error(int grpcCode, String message) {
        return "{\"error\":\"" + message + "\",\"code\":" + grpcCode + ",\"message\":\"" + message + "\"}";
    }

    void delayAnswers(Duration delay) {
        this.delay = delay;
    }

    /** Stands for the moment the double accepted the rollback, in {@link #afterRollback} JSON. */
    public static final String ACCEPTED_AT = "ACCEPTED_AT";

    /** What GET answers once a rollback was accepted (Argo CD's operation has run); see {@link #ACCEPTED_AT}. */
    public void afterRollback(String json) {
        this.afterRollback = json;
    }

    private volatile boolean refuseWhileAutoSynced;

    /** Refuse rollbacks, as Argo CD does, while the Application has {@code spec.syncPolicy.automated}. */
    public void refuseRollbacksWhileAutoSynced() {
        this.refuseWhileAutoSynced = true;
    }

    public List<Recorded> patches() {
        return requests.stream().filter(r -> r.method().equals("PATCH")).toList();
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private static boolean isAutoSynced(String application) {
        try {
            return application != null
                    && JSON.readTree(application)
                            .path("spec")
                            .path("syncPolicy")
                            .has("automated");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies the request's {@code patch} (patchType merge; only removals by null are needed here). */
    private static String applyMergePatch(String application, String request) throws IOException {
        var target = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(application);
        merge(target, JSON.readTree(JSON.readTree(request).path("patch").asText()));
        return target.toString();
    }

    private static void merge(
            com.fasterxml.jackson.databind.node.ObjectNode target, com.fasterxml.jackson.databind.JsonNode patch) {
        patch.fields().forEachRemaining(field -> {
            if (field.getValue().isNull()) {
                target.remove(field.getKey());
            } else if (field.getValue().isObject()
                    && target.path(field.getKey()).isObject()) {
                merge((com.fasterxml.jackson.databind.node.ObjectNode) target.get(field.getKey()), field.getValue());
            } else {
                target.set(field.getKey(), field.getValue());
            }
        });
    }

    public List<Recorded> rollbacks() {
        return requests.stream().filter(r -> r.path().endsWith("/rollback")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                body));
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if ("PATCH".equals(exchange.getRequestMethod()) && application != null) {
            application = applyMergePatch(application, body);
            respond(exchange, 200, application);
        } else if (exchange.getRequestURI().getPath().endsWith("/rollback")
                && refuseWhileAutoSynced
                && isAutoSynced(application)) {
            respond(exchange, 400, error(9, "rollback cannot be initiated when auto-sync is enabled"));
        } else if (exchange.getRequestURI().getPath().endsWith("/rollback")) {
            respond(exchange, rollbackStatus, rollbackBody);
            if (rollbackStatus / 100 == 2 && afterRollback != null) {
                application = afterRollback.replace(
                        ACCEPTED_AT, java.time.Instant.now().toString());
            }
        } else if (application == null) {
            respond(exchange, 404, error(5, "applications.argoproj.io \\\"x\\\" not found"));
        } else {
            respond(exchange, 200, application);
        }
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
            // the client timed out first
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
