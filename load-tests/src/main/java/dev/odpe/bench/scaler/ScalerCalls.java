package dev.odpe.bench.scaler;

import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.GetMetricsRequest;
import dev.odpe.externalscaler.ScaledObjectRef;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The two paths compared for the same signal: KEDA asking the engine ({@code GetMetrics} over gRPC,
 * answered from memory) and KEDA's Prometheus scaler asking Prometheus (an instant query,
 * {@code GET /api/v1/query}) for the same PromQL.
 */
public final class ScalerCalls {

    static final String NAMESPACE = "bench";
    static final double QUEUE_TARGET = 10;

    private ScalerCalls() {}

    public static String pool(int i) {
        return "pool-" + i;
    }

    public static String metricName(int i) {
        return "odpe-pool-" + NAMESPACE + "-" + pool(i);
    }

    public static long expectedReplicas(int i) {
        return (long) Math.ceil(TritonPools.pending(i) / QUEUE_TARGET);
    }

    public static GetMetricsRequest getMetrics(int i) {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder()
                .setName("so-" + i)
                .setNamespace(NAMESPACE)
                .putScalerMetadata("pool", pool(i))
                .putScalerMetadata("queueQuery", TritonPools.queueQuery(i))
                .putScalerMetadata("queueTarget", String.valueOf((int) QUEUE_TARGET))
                .putScalerMetadata("maxStaleness", "60s")
                .build();
        return GetMetricsRequest.newBuilder()
                .setScaledObjectRef(ref)
                .setMetricName(metricName(i))
                .build();
    }

    /** GetMetrics for pool i answers the expected replica count. */
    public static ClosedLoopCalls.Call engine(ExternalScalerGrpc.ExternalScalerBlockingStub stub, int pools) {
        GetMetricsRequest[] requests = new GetMetricsRequest[pools];
        for (int i = 0; i < pools; i++) {
            requests[i] = getMetrics(i);
        }
        return i -> stub.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .getMetrics(requests[i])
                        .getMetricValues(0)
                        .getMetricValue()
                == expectedReplicas(i);
    }

    /** The instant query KEDA's Prometheus scaler sends for pool i answers with a value. */
    public static ClosedLoopCalls.Call prometheus(HttpClient http, URI prometheus, int pools) {
        HttpRequest[] requests = new HttpRequest[pools];
        for (int i = 0; i < pools; i++) {
            requests[i] = HttpRequest.newBuilder(prometheus.resolve("/api/v1/query?query="
                            + URLEncoder.encode(TritonPools.queueQuery(i), StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5))
                    .build();
        }
        return i -> {
            HttpResponse<String> response = http.send(requests[i], HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"value\"");
        };
    }
}
