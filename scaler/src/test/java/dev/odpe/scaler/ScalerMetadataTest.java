package dev.odpe.scaler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScalerMetadataTest {

    @Test
    void poolAloneIsEnoughAndTheDefaultsApply() {
        // Given trigger metadata naming only the pool
        Map<String, String> metadata = Map.of("pool", "triton-a100");
        // When it is parsed
        ScalerMetadata parsed = ScalerMetadata.parse(metadata, "ml-serving");
        // Then there are no signals, min 0, no max, threshold 0 and 60s staleness
        assertThat(parsed.signals()).isEmpty();
        assertThat(parsed.minReplicas()).isZero();
        assertThat(parsed.maxReplicas()).isEqualTo(Integer.MAX_VALUE);
        assertThat(parsed.activationThreshold()).isZero();
        assertThat(parsed.maxStaleness()).isEqualTo(Duration.ofSeconds(60));
        assertThat(parsed.metricName()).isEqualTo("odpe-pool-ml-serving-triton-a100");
    }

    @Test
    void everyKeyIsReadIntoItsTypedField() {
        // Given metadata with all three signals and every option
        Map<String, String> metadata = new HashMap<>(Map.of(
                "pool",
                "triton-a100",
                "queueQuery",
                "sum(nv_inference_pending_request_count)",
                "queueTarget",
                "10",
                "gpuQuery",
                "sum(nv_gpu_utilization)",
                "gpuTarget",
                "0.8",
                "latencyQuery",
                "p99",
                "latencyTarget",
                "250",
                "activationThreshold",
                "0.5",
                "minReplicas",
                "1",
                "maxReplicas",
                "12"));
        metadata.put("maxStaleness", "2m");
        metadata.put("scalerAddress", "odpe-engine.odpe:9000");
        // When it is parsed
        ScalerMetadata parsed = ScalerMetadata.parse(metadata, "ml-serving");
        // Then each signal carries its query and per-replica target, and KEDA's own key is ignored
        assertThat(parsed.signals())
                .containsExactly(
                        new SignalSpec(SignalKind.QUEUE, "sum(nv_inference_pending_request_count)", 10),
                        new SignalSpec(SignalKind.GPU, "sum(nv_gpu_utilization)", 0.8),
                        new SignalSpec(SignalKind.LATENCY, "p99", 250));
        assertThat(parsed.activationThreshold()).isEqualTo(0.5);
        assertThat(parsed.minReplicas()).isEqualTo(1);
        assertThat(parsed.maxReplicas()).isEqualTo(12);
        assertThat(parsed.maxStaleness()).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void missingPoolIsRejectedNamingTheKey() {
        assertRejected(Map.of("queueQuery", "q", "queueTarget", "1"), "pool");
    }

    @Test
    void queryWithoutItsTargetIsRejectedNamingTheTargetKey() {
        assertRejected(Map.of("pool", "p", "gpuQuery", "sum(x)"), "gpuTarget");
    }

    @Test
    void targetWithoutItsQueryIsRejectedNamingTheQueryKey() {
        assertRejected(Map.of("pool", "p", "latencyTarget", "100"), "latencyQuery");
    }

    @Test
    void zeroOrNonNumericTargetIsRejected() {
        assertRejected(Map.of("pool", "p", "queueQuery", "q", "queueTarget", "0"), "queueTarget");
        assertRejected(Map.of("pool", "p", "queueQuery", "q", "queueTarget", "ten"), "queueTarget");
    }

    @Test
    void maxBelowMinIsRejectedNamingMaxReplicas() {
        assertRejected(Map.of("pool", "p", "minReplicas", "5", "maxReplicas", "3"), "maxReplicas");
    }

    @Test
    void negativeMinReplicasIsRejected() {
        assertRejected(Map.of("pool", "p", "minReplicas", "-1"), "minReplicas");
    }

    @Test
    void malformedOrZeroStalenessIsRejected() {
        assertRejected(Map.of("pool", "p", "maxStaleness", "soon"), "maxStaleness");
        assertRejected(Map.of("pool", "p", "maxStaleness", "0s"), "maxStaleness");
    }

    @Test
    void isoDurationIsAcceptedForStaleness() {
        assertThat(ScalerMetadata.parse(Map.of("pool", "p", "maxStaleness", "PT90S"), "ns")
                        .maxStaleness())
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void misspelledKeyIsRejectedRatherThanSilentlyIgnored() {
        assertRejected(Map.of("pool", "p", "queueQuery", "q", "queueTraget", "5"), "queueTraget");
    }

    @Test
    void refWithoutNamespaceIsRejectedNamingNamespace() {
        assertThatThrownBy(() -> ScalerMetadata.parse(Map.of("pool", "p"), ""))
                .isInstanceOfSatisfying(
                        InvalidMetadataException.class, e -> assertThat(e.key()).isEqualTo("namespace"));
    }

    @Test
    void metricNameIsLowercaseAndSanitised() {
        assertThat(MetricNames.forPool("ML_Serving", "Triton.A100")).isEqualTo("odpe-pool-ml-serving-triton-a100");
    }

    private static void assertRejected(Map<String, String> metadata, String key) {
        assertThatThrownBy(() -> ScalerMetadata.parse(metadata, "ml-serving"))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> {
                    assertThat(e.key()).isEqualTo(key);
                    assertThat(e.getMessage()).contains("'" + key + "'");
                });
    }
}
