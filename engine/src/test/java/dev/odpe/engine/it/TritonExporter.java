package dev.odpe.engine.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback {@code /metrics} endpoint that publishes Triton's metric names and labels
 * (https://github.com/triton-inference-server/server/blob/main/docs/user_guide/metrics.md), with
 * values the test sets: {@code nv_inference_pending_request_count} (gauge),
 * {@code nv_inference_request_success} and {@code nv_inference_queue_duration_us} (counters, which
 * grow by a set amount at each scrape) per {@code model}/{@code version}, and
 * {@code nv_gpu_utilization} (gauge, 0–1) per {@code gpu_uuid}.
 */
public final class TritonExporter implements AutoCloseable {

    private record ModelVersion(String model, String version) {
        String labels() {
            return "model=\"" + model + "\",version=\"" + version + "\"";
        }
    }

    /** Per scrape: requests that succeeded and the queue time each spent. */
    private record Traffic(long requestsPerScrape, long queueMicrosPerRequest) {}

    private final Map<ModelVersion, Double> pending = new TreeMap<>(TritonExporter::compare);
    private final Map<ModelVersion, Traffic> traffic = new TreeMap<>(TritonExporter::compare);
    private final Map<ModelVersion, long[]> counters = new TreeMap<>(TritonExporter::compare);
    private final Map<String, Double> gpuUtilization = new TreeMap<>();
    private final AtomicInteger scrapes = new AtomicInteger();
    private final HttpServer server;

    public TritonExporter() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the test exporter on loopback", e);
        }
        server.createContext("/metrics", exchange -> {
            byte[] body = scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    /** {@code host:port} for a Prometheus static target. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public int scrapes() {
        return scrapes.get();
    }

    public synchronized TritonExporter pending(String model, String version, double requests) {
        pending.put(new ModelVersion(model, version), requests);
        return this;
    }

    public synchronized TritonExporter gpuUtilization(String gpuUuid, double utilization) {
        gpuUtilization.put(gpuUuid, utilization);
        return this;
    }

    /**
     * From now on every scrape sees {@code requestsPerScrape} more successful requests, each having
     * queued {@code queueMicrosPerRequest}; so rate(queue_duration_us) / rate(request_success) is
     * exactly {@code queueMicrosPerRequest}.
     */
    public synchronized TritonExporter traffic(
            String model, String version, long requestsPerScrape, long queueMicrosPerRequest) {
        traffic.put(new ModelVersion(model, version), new Traffic(requestsPerScrape, queueMicrosPerRequest));
        counters.putIfAbsent(new ModelVersion(model, version), new long[2]);
        return this;
    }

    private synchronized String scrape() {
        scrapes.incrementAndGet();
        traffic.forEach((mv, t) -> {
            long[] c = counters.get(mv);
            c[0] += t.requestsPerScrape();
            c[1] += t.requestsPerScrape() * t.queueMicrosPerRequest();
        });
        StringBuilder out = new StringBuilder();
        out.append(
                        "# HELP nv_inference_pending_request_count Instantaneous number of pending requests awaiting execution per-model.\n")
                .append("# TYPE nv_inference_pending_request_count gauge\n");
        pending.forEach((mv, v) -> out.append("nv_inference_pending_request_count{")
                .append(mv.labels())
                .append("} ")
                .append(v)
                .append('\n'));
        out.append("# HELP nv_inference_request_success Number of successful inference requests, all batch sizes\n")
                .append("# TYPE nv_inference_request_success counter\n");
        counters.forEach((mv, c) -> out.append("nv_inference_request_success{")
                .append(mv.labels())
                .append("} ")
                .append(c[0])
                .append('\n'));
        out.append(
                        "# HELP nv_inference_queue_duration_us Cumulative inference queuing duration in microseconds (includes cached requests)\n")
                .append("# TYPE nv_inference_queue_duration_us counter\n");
        counters.forEach((mv, c) -> out.append("nv_inference_queue_duration_us{")
                .append(mv.labels())
                .append("} ")
                .append(c[1])
                .append('\n'));
        out.append("# HELP nv_gpu_utilization GPU utilization rate [0.0 - 1.0)\n")
                .append("# TYPE nv_gpu_utilization gauge\n");
        gpuUtilization.forEach((gpu, v) -> out.append("nv_gpu_utilization{gpu_uuid=\"")
                .append(gpu)
                .append("\"} ")
                .append(v)
                .append('\n'));
        return out.toString();
    }

    private static int compare(ModelVersion a, ModelVersion b) {
        int byModel = a.model().compareTo(b.model());
        return byModel != 0 ? byModel : a.version().compareTo(b.version());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
