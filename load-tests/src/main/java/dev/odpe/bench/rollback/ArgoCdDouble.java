package dev.odpe.bench.rollback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal argocd-server on loopback for the benchmark: every Application {@code m-i} serves model
 * version 8 after 6 and 7; {@code POST …/rollback} is accepted and the moment it arrived recorded
 * (System.nanoTime, same process as the client), after which the Application reads as rolled back.
 */
final class ArgoCdDouble implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, Long> rollbackArrivedNanos = new ConcurrentHashMap<>();

    ArgoCdDouble() throws IOException {
        // The JDK server writes headers and body apart: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms
        // per answer, which would be measured as the engine's time.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/api/v1/applications/", this::handle);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    Long rollbackArrived(String application) {
        return rollbackArrivedNanos.get(application);
    }

    private void handle(HttpExchange exchange) throws IOException {
        long now = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        String name = path.substring("/api/v1/applications/".length()).replace("/rollback", "");
        exchange.getRequestBody().readAllBytes();
        if (path.endsWith("/rollback")) {
            rollbackArrivedNanos.putIfAbsent(name, now);
            respond(exchange, application(name, "7", Instant.now().toString()));
        } else {
            boolean done = rollbackArrivedNanos.containsKey(name);
            respond(
                    exchange,
                    application(name, done ? "7" : "8", done ? Instant.now().toString() : "2026-11-27T10:00:00Z"));
        }
    }

    static String application(String name, String live, String startedAt) {
        return ("{\"metadata\":{\"name\":\"%s\"},\"spec\":{\"source\":{\"helm\":{\"parameters\":[{\"name\":"
                        + "\"model.version\",\"value\":\"%s\"}]}}},\"status\":{\"operationState\":{\"phase\":\"Succeeded\","
                        + "\"startedAt\":\"%s\"},\"sync\":{\"status\":\"Synced\"},\"health\":{\"status\":\"Healthy\"},"
                        + "\"history\":[{\"id\":1,\"revision\":\"a\",\"source\":{\"helm\":{\"parameters\":[{\"name\":"
                        + "\"model.version\",\"value\":\"6\"}]}}},{\"id\":2,\"revision\":\"b\",\"source\":{\"helm\":{"
                        + "\"parameters\":[{\"name\":\"model.version\",\"value\":\"7\"}]}}},{\"id\":3,\"revision\":\"c\","
                        + "\"source\":{\"helm\":{\"parameters\":[{\"name\":\"model.version\",\"value\":\"8\"}]}}}]}}")
                .formatted(name, live, startedAt);
    }

    private static void respond(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
