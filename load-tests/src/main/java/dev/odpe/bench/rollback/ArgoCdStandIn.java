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
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * argocd-server on loopback for the benchmark: every Application serves model version 8 after 6 and
 * 7 (Helm parameter {@code model.version}); a rollback is accepted at once, its arrival reported with
 * {@link System#nanoTime()} (the benchmark's own clock, so no skew), and from then on the Application
 * serves 7 with a succeeded operation, so the engine's watch ends at its first read.
 */
final class ArgoCdStandIn implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, String> rolledBackAt = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Long> onRollback = (app, nanos) -> { };

    ArgoCdStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/applications/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "argocd-stand-in");
            t.setDaemon(true); // the benchmark's JVM ends when main does
            return t;
        }));
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Called with the Application name and the arrival time of its rollback request. */
    void onRollback(BiConsumer<String, Long> listener) {
        this.onRollback = listener;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        String path = exchange.getRequestURI().getPath();
        exchange.getRequestBody().readAllBytes();
        String name = path.substring("/api/v1/applications/".length()).replace("/rollback", "");
        if (path.endsWith("/rollback")) {
            rolledBackAt.put(name, Instant.now().toString());
            respond(exchange, application(name, "8", "Running", Instant.now().toString()));
            onRollback.accept(name, arrived);
            return;
        }
        String since = rolledBackAt.get(name);
        respond(exchange, since == null ? application(name, "8", "Succeeded", "2026-11-27T10:00:00Z")
                : application(name, "7", "Succeeded", since));
    }

    private static String application(String name, String live, String phase, String startedAt) {
        return """
                {"metadata":{"name":"%1$s","namespace":"argocd"},
                 "spec":{"project":"bench","source":{"repoURL":"https://git.example.com/ml/gitops.git",
                   "path":"models/%1$s","targetRevision":"main",
                   "helm":{"parameters":[{"name":"model.version","value":"%2$s"}]}}},
                 "status":{"sync":{"status":"Synced"},"health":{"status":"Healthy"},
                   "operationState":{"phase":"%3$s","startedAt":"%4$s"},
                   "history":[
                     {"id":1,"revision":"a1","source":{"helm":{"parameters":[{"name":"model.version","value":"6"}]}}},
                     {"id":2,"revision":"b2","source":{"helm":{"parameters":[{"name":"model.version","value":"7"}]}}},
                     {"id":3,"revision":"c3","source":{"helm":{"parameters":[{"name":"model.version","value":"8"}]}}}]}}
                """.formatted(name, live, phase, startedAt);
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
    }
}
