package dev.odpe.engine.rollback.argocd;

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
final class ArgoCdServerDouble implements AutoCloseable {

    record Recorded(String method, String path, String query, String authorization, String body) {
    }

    private final HttpServer server;
    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private volatile String application;
    private volatile int rollbackStatus = 200;
    private volatile String rollbackBody = "{}";
    private volatile Duration delay = Duration.ZERO;

    ArgoCdServerDouble() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/applications/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void application(String json) {
        this.application = json;
    }

    void rollbackAnswers(int status, String body) {
        this.rollbackStatus = status;
        this.rollbackBody = body;
    }

    /** Argo CD's gRPC-gateway error body. */
    static String error(int grpcCode, String message) {
        return "{\"error\":\"" + message + "\",\"code\":" + grpcCode + ",\"message\":\"" + message + "\"}";
    }

    void delayAnswers(Duration delay) {
        this.delay = delay;
    }

    List<Recorded> rollbacks() {
        return requests.stream().filter(r -> r.path().endsWith("/rollback")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(), exchange.getRequestHeaders().getFirst("Authorization"), body));
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (exchange.getRequestURI().getPath().endsWith("/rollback")) {
            respond(exchange, rollbackStatus, rollbackBody);
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
