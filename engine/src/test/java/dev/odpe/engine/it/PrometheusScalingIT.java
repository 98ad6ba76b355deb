package dev.odpe.engine.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.GetMetricsRequest;
import dev.odpe.externalscaler.ScaledObjectRef;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * KEDA's view end to end: the packaged engine with {@code odpe.scaler.prometheus.url} pointing at a
 * real Prometheus that scrapes a Triton-like exporter, called over gRPC with a client generated from
 * the same proto. The last test stops Prometheus, hence the order.
 */
@QuarkusIntegrationTest
@WithTestResource(PrometheusResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusScalingIT {

    private static final String NAMESPACE = "ml-serving";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    PrometheusResource.SignalBackends backends;

    @TestHTTPResource("/q/metrics")
    URI metricsUri;

    private ManagedChannel channel;

    @AfterEach
    void disconnect() {
        if (channel != null) {
            channel.shutdownNow();
        }
    }

    @Test
    @Order(1)
    void getMetricsAnswersPendingRequestsOverTheQueueTargetRoundedUp() {
        // Given bert v1 and v2 with 7 and 8 pending requests, and a trigger holding 4 per replica
        backends.exporter().pending("bert", "1", 7).pending("bert", "2", 8);
        ScaledObjectRef trigger = trigger(
                "bert-pool",
                Map.of("queueQuery", "sum(nv_inference_pending_request_count{model=\"bert\"})", "queueTarget", "4"));
        await("ceil(15 / 4)").atMost(WITHIN).ignoreExceptions().until(() -> desiredReplicas(trigger), r -> r == 4);
        // When v1's queue grows to 30
        backends.exporter().pending("bert", "1", 30);
        // Then KEDA is asked for ceil(38 / 4) = 10 replicas
        await("ceil(38 / 4)").atMost(WITHIN).ignoreExceptions().until(() -> desiredReplicas(trigger), r -> r == 10);
    }

    @Test
    @Order(2)
    void aQueryWithASyntaxErrorAnswersUnavailableQuotingPrometheus() {
        // Given a trigger whose queue query misses a parenthesis
        ScaledObjectRef trigger = trigger(
                "broken-pool",
                Map.of("queueQuery", "sum(nv_inference_pending_request_count{model=\"bert\"}", "queueTarget", "4"));
        // When KEDA asks for metrics (after the first refresh)
        StatusRuntimeException error = awaitError(trigger, "parse error");
        // Then the answer is UNAVAILABLE naming the signal, the Prometheus and its parse error
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(error.getStatus().getDescription())
                .startsWith(
                        "signal queueQuery (prometheus " + backends.prometheus().baseUri() + ") unavailable: "
                                + "prometheus rejected the query: bad_data:");
    }

    @Test
    @Order(3)
    void aQueryMatchingNoSeriesAnswersUnavailableNotZero() {
        // Given a trigger for a model no Triton serves
        ScaledObjectRef trigger = trigger(
                "absent-pool",
                Map.of("queueQuery", "sum(nv_inference_pending_request_count{model=\"absent\"})", "queueTarget", "4"));
        // When KEDA asks for metrics
        StatusRuntimeException error = awaitError(trigger, "no series");
        // Then the answer is UNAVAILABLE (KEDA's fallback), not 0 replicas
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(error.getStatus().getDescription())
                .contains("query returned no series")
                .contains("or vector(0)");
    }

    @Test
    @Order(4)
    void refreshOutcomesAreExportedAsMetrics() {
        // Given the refreshes of the tests above (values, a rejected query, an empty vector)
        // When Prometheus scrapes the engine's metrics
        String metrics =
                given().get(metricsUri).then().statusCode(200).extract().asString();
        // Then the outcomes, the duration histogram and the tracked queries are there
        assertThat(metrics)
                .containsPattern("odpe_signal_refresh_total\\{outcome=\"value\"} [1-9]")
                .containsPattern("odpe_signal_refresh_total\\{outcome=\"query_rejected\"} [1-9]")
                .containsPattern("odpe_signal_refresh_total\\{outcome=\"no_series\"} [1-9]")
                .contains("odpe_signal_refresh_total{outcome=\"unreachable\"} 0.0")
                .containsPattern("odpe_signal_refresh_duration_seconds_count [1-9]")
                .contains("odpe_signal_tracked_queries 3.0");
    }

    @Test
    @Order(5)
    void withPrometheusDownTheLastValueServesUntilMaxStalenessThenUnavailable() {
        // Given a trigger trusting readings for 3 s, answered from Prometheus
        backends.exporter().pending("gpt", "1", 9);
        ScaledObjectRef trigger = trigger(
                "gpt-pool",
                Map.of(
                        "queueQuery",
                        "sum(nv_inference_pending_request_count{model=\"gpt\"})",
                        "queueTarget",
                        "3",
                        "maxStaleness",
                        "3s"));
        await("ceil(9 / 3)").atMost(WITHIN).ignoreExceptions().until(() -> desiredReplicas(trigger), r -> r == 3);
        // When Prometheus stops
        backends.prometheus().stop();
        // Then the answer turns UNAVAILABLE once the last value is older than maxStaleness
        StatusRuntimeException error = awaitError(trigger, "stale");
        assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(error.getStatus().getDescription())
                .startsWith("signal queueQuery unavailable: stale: last value observed at")
                .contains("older than maxStaleness 3s");
    }

    private ScaledObjectRef trigger(String pool, Map<String, String> signals) {
        Map<String, String> metadata = new HashMap<>(signals);
        metadata.put("pool", pool);
        return ScaledObjectRef.newBuilder()
                .setName(pool)
                .setNamespace(NAMESPACE)
                .putAllScalerMetadata(metadata)
                .build();
    }

    private long desiredReplicas(ScaledObjectRef trigger) {
        ExternalScalerGrpc.ExternalScalerBlockingStub scaler = scaler();
        String metricName = scaler.getMetricSpec(trigger).getMetricSpecs(0).getMetricName();
        return scaler.getMetrics(GetMetricsRequest.newBuilder()
                        .setScaledObjectRef(trigger)
                        .setMetricName(metricName)
                        .build())
                .getMetricValues(0)
                .getMetricValue();
    }

    /** Polls GetMetrics until it fails with a description containing {@code expected}. */
    private StatusRuntimeException awaitError(ScaledObjectRef trigger, String expected) {
        return await("GetMetrics fails with '" + expected + "'")
                .atMost(WITHIN)
                .until(
                        () -> {
                            try {
                                desiredReplicas(trigger);
                                return null;
                            } catch (StatusRuntimeException e) {
                                return e;
                            }
                        },
                        e -> e != null
                                && e.getStatus().getDescription() != null
                                && e.getStatus().getDescription().contains(expected));
    }

    private ExternalScalerGrpc.ExternalScalerBlockingStub scaler() {
        if (channel == null) {
            channel = ManagedChannelBuilder.forAddress("127.0.0.1", backends.grpcPort())
                    .usePlaintext()
                    .build();
        }
        return ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }
}
