package dev.odpe.engine.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for Triton's metrics endpoint ({@code :8002/metrics}) on a loopback port: the metric
 * names and labels Triton publishes, with values the test sets, for a real Prometheus to scrape.
 */
public final class TritonExporter implements AutoCloseable {

    /** One model version's numbers. Counters are cumulative, as Triton's are. */
    public record ModelStats(double pendingRequests, double successCount, double queueDurationUs, double gpuUtilization) {
    }

    private final HttpServer server;
    private final Map<String, ModelStats> byModelVersion = new ConcurrentHashMap<>();

    private TritonExporter(HttpServer server) {
        this.server = server;
    }

    public static TritonExporter start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            TritonExporter exporter = new TritonExporter(server);
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Triton metrics stand-in", e);
        }
    }

    /** {@code host:port} for a Prometheus static_configs target. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI metricsUri() {
        return URI.create("http://" + target() + "/metrics");
    }

    public void set(String model, String version, ModelStats stats) {
        byModelVersion.put(model + "|" + version, stats);
    }

    String render() {
        StringBuilder text = new StringBuilder();
        Map<String, ModelStats> sorted = new TreeMap<>(byModelVersion);
        gauge(text, "nv_inference_pending_request_count", "Instantaneous number of pending requests awaiting "
                + "execution per-model.", sorted, ModelStats::pendingRequests, "");
        counter(text, "nv_inference_request_success", "Number of successful inference requests, all batch sizes",
                sorted, ModelStats::successCount);
        counter(text, "nv_inference_queue_duration_us", "Cumulative inference queuing duration in microseconds",
                sorted, ModelStats::queueDurationUs);
        gauge(text, "nv_gpu_utilization", "GPU utilization rate [0.0 - 1.0)", sorted, ModelStats::gpuUtilization,
                ",gpu_uuid=\"GPU-0000\"");
        return text.toString();
    }

    private static void counter(StringBuilder text, String name, String help, Map<String, ModelStats> stats,
            java.util.function.ToDoubleFunction<ModelStats> value) {
        series(text, name, help, "counter", stats, value, "");
    }

    private static void gauge(StringBuilder text, String name, String help, Map<String, ModelStats> stats,
            java.util.function.ToDoubleFunction<ModelStats> value, String extraLabels) {
        series(text, name, help, "gauge", stats, value, extraLabels);
    }

    private static void series(StringBuilder text, String name, String help, String type,
            Map<String, ModelStats> stats, java.util.function.ToDoubleFunction<ModelStats> value, String extraLabels) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        stats.forEach((key, s) -> {
            String[] modelVersion = key.split("\\|", 2);
            text.append(name).append("{model=\"").append(modelVersion[0]).append("\",version=\"")
                    .append(modelVersion[1]).append('"').append(extraLabels).append("} ")
                    .append(value.applyAsDouble(s)).append('\n');
        });
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
