package dev.odpe.bench.scaler;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A Triton-shaped metrics endpoint for {@code pools} models ({@code m-0} … ), each with a pending
 * request gauge, for the benchmark's real Prometheus to scrape. Model {@code m-i} holds {@code 10 + i % 50}
 * pending requests, so a queue target of 10 asks for 1–6 replicas.
 */
public final class TritonPools implements AutoCloseable {

    private final HttpServer server;
    private final int pools;

    private TritonPools(HttpServer server, int pools) {
        this.server = server;
        this.pools = pools;
    }

    public static TritonPools start(int pools) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TritonPools exporter = new TritonPools(server, pools);
        server.createContext("/metrics", exchange -> {
            byte[] body = exporter.render().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return exporter;
    }

    public static String model(int pool) {
        return "m-" + pool;
    }

    public static double pending(int pool) {
        return 10 + pool % 50;
    }

    /** The query a ScaledObject for {@code pool} carries, and that KEDA's Prometheus scaler would send. */
    public static String queueQuery(int pool) {
        return "sum(nv_inference_pending_request_count{model=\"" + model(pool) + "\"})";
    }

    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String render() {
        StringBuilder text = new StringBuilder("# TYPE nv_inference_pending_request_count gauge\n");
        for (int i = 0; i < pools; i++) {
            text.append("nv_inference_pending_request_count{model=\"")
                    .append(model(i))
                    .append("\",version=\"1\"} ")
                    .append(pending(i))
                    .append('\n');
        }
        return text.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
