package dev.odpe.engine.scaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.it.Prometheus;
import dev.odpe.engine.it.TritonExporter;
import dev.odpe.engine.it.TritonExporter.ModelStats;
import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.GetMetricsRequest;
import dev.odpe.externalscaler.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KEDA's GetMetrics over a real gRPC port, answered from a real Prometheus that scrapes a
 * Triton-shaped exporter: the whole PromQL path of a {@code queueQuery} trigger.
 */
@QuarkusTest
@QuarkusTestResource(value = PrometheusBackedScalingIT.RealPrometheus.class, restrictToAnnotatedClass = true)
class PrometheusBackedScalingIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static ManagedChannel channel;
    private static ExternalScalerGrpc.ExternalScalerBlockingStub scaler;

    @BeforeAll
    static void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", RealPrometheus.grpcPort).usePlaintext().build();
        scaler = ExternalScalerGrpc.newBlockingStub(channel);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void aTritonQueueDepthInPrometheusBecomesDesiredReplicas() {
        // Given Triton reports 35 pending requests for bert and the trigger targets 10 per replica
        RealPrometheus.triton.set("bert", "8", new ModelStats(35, 100, 1_000, 0.5));
        ScaledObjectRef ref = ref("bert-pool", Map.of("queueQuery",
                "sum(nv_inference_pending_request_count{model=\"bert\"})", "queueTarget", "10"));

        // When KEDA polls GetMetrics
        // Then it is asked for ceil(35 / 10) = 4 replicas once Prometheus has scraped and the engine refreshed
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() ->
                assertThat(scaler.withDeadlineAfter(5, TimeUnit.SECONDS).getMetrics(request(ref, "bert-pool"))
                        .getMetricValues(0).getMetricValue()).isEqualTo(4));
    }

    @Test
    void aQueryWithoutAggregationIsUnavailableNamingPrometheus() {
        // Given two versions of resnet report a queue and the trigger forgot sum()
        RealPrometheus.triton.set("resnet", "1", new ModelStats(5, 1, 1, 0.1));
        RealPrometheus.triton.set("resnet", "2", new ModelStats(6, 1, 1, 0.1));
        RealPrometheus.prometheus.awaitSeries("nv_inference_pending_request_count{model=\"resnet\",version=\"2\"}", WAIT);
        ScaledObjectRef ref = ref("resnet-pool", Map.of("queueQuery",
                "nv_inference_pending_request_count{model=\"resnet\"}", "queueTarget", "10"));

        // When KEDA polls
        // Then it gets UNAVAILABLE (its fallback applies) with a message naming the source and the fix
        await().atMost(WAIT).untilAsserted(() -> assertThatThrownBy(() ->
                scaler.withDeadlineAfter(5, TimeUnit.SECONDS).getMetrics(request(ref, "resnet-pool")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(e.getStatus().getDescription()).contains("prometheus http://127.0.0.1", "2 series");
                }));
    }

    private static ScaledObjectRef ref(String pool, Map<String, String> signals) {
        return ScaledObjectRef.newBuilder().setName(pool + "-so").setNamespace("ml-serving")
                .putScalerMetadata("pool", pool).putAllScalerMetadata(signals).build();
    }

    private static GetMetricsRequest request(ScaledObjectRef ref, String pool) {
        return GetMetricsRequest.newBuilder().setScaledObjectRef(ref).setMetricName("odpe-pool-ml-serving-" + pool)
                .build();
    }

    /** Starts the exporter and Prometheus before Quarkus, and points the engine at them. */
    public static class RealPrometheus implements QuarkusTestResourceLifecycleManager {

        static TritonExporter triton;
        static Prometheus prometheus;
        static int grpcPort;

        @Override
        public Map<String, String> start() {
            triton = TritonExporter.start();
            triton.set("bert", "8", new ModelStats(0, 0, 0, 0));
            prometheus = Prometheus.start(triton.target());
            grpcPort = freePort();
            return Map.of("odpe.scaler.prometheus.url", prometheus.baseUri().toString(),
                    "odpe.scaler.prometheus.refresh-interval", "500ms",
                    "quarkus.grpc.server.test-port", String.valueOf(grpcPort));
        }

        @Override
        public void stop() {
            if (prometheus != null) {
                prometheus.close();
            }
            if (triton != null) {
                triton.close();
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
