package dev.odpe.bench.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.externalscaler.GetMetricsRequest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ScalerCallsTest {

    @Test
    void eachPoolsTriggerCarriesItsOwnTritonQueueQueryAndTheMetricNameTheEngineAnnounces() {
        // When the GetMetrics request for pool 17 is built
        GetMetricsRequest request = ScalerCalls.getMetrics(17);

        // Then it names pool-17, queries model m-17's pending requests and asks for the announced metric
        assertThat(request.getScaledObjectRef().getScalerMetadataMap())
                .containsEntry("pool", "pool-17")
                .containsEntry("queueQuery", "sum(nv_inference_pending_request_count{model=\"m-17\"})")
                .containsEntry("queueTarget", "10");
        assertThat(request.getMetricName()).isEqualTo("odpe-pool-bench-pool-17");
    }

    @Test
    void theExpectedAnswerIsPendingRequestsOverTheTargetRoundedUp() {
        // When pool 17 holds 27 pending requests against a target of 10
        long replicas = ScalerCalls.expectedReplicas(17);

        // Then 3 replicas are expected
        assertThat(TritonPools.pending(17)).isEqualTo(27.0);
        assertThat(replicas).isEqualTo(3);
    }

    @Test
    void theExporterPublishesOnePendingGaugePerModel() throws Exception {
        // Given an exporter for three pools
        try (TritonPools triton = TritonPools.start(3)) {
            // When it renders its metrics
            String text = triton.render();

            // Then each model has its gauge
            assertThat(text)
                    .contains(
                            "nv_inference_pending_request_count{model=\"m-0\",version=\"1\"} 10.0",
                            "nv_inference_pending_request_count{model=\"m-2\",version=\"1\"} 12.0");
        }
    }

    @Test
    void wrongAnswersAndErrorsAreCountedNotHidden() throws Exception {
        // Given a call that is wrong for odd pools and throws for pool 2
        ClosedLoopCalls.Call call = pool -> {
            if (pool == 2) {
                throw new IllegalStateException("boom");
            }
            return pool % 2 == 0;
        };

        // When it runs on one caller over four pools
        ClosedLoopCalls.Result result = ClosedLoopCalls.run(call, 4, 1, Duration.ofMillis(50));

        // Then three of every four calls count as failures
        assertThat(result.calls()).isPositive();
        assertThat(result.failures()).isBetween(result.calls() * 3 / 4 - 3, result.calls() * 3 / 4 + 3);
    }
}
