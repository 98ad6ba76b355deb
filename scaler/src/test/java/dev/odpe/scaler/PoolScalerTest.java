package dev.odpe.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.scaler.ScalingAnswer.Desired;
import dev.odpe.scaler.ScalingAnswer.Unavailable;
import dev.odpe.scaler.signal.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolScalerTest {

    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final String QUEUE = "sum(nv_inference_pending_request_count)";
    private static final String GPU = "sum(nv_gpu_utilization)";
    private static final String LATENCY = "p99_ms";

    private final Map<String, SignalReading> readings = new HashMap<>();

    @Test
    void theBusiestSignalDecidesTheReplicaCount() {
        // Given a queue of 35 (10 per replica) and GPUs summing to 2.0 (0.8 per replica)
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "10", "gpuQuery", GPU, "gpuTarget", "0.8"));
        fresh(QUEUE, 35);
        fresh(GPU, 2.0);
        // When the desired replicas are computed
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, List.of(), Optional.empty()));
        // Then the queue wins: ceil(3.5) = 4, over ceil(2.5) = 3
        assertThat(replicas(answer)).isEqualTo(4);
    }

    @Test
    void exactMultiplesDoNotRoundUpToAnExtraReplica() {
        ScalerMetadata m = meta(Map.of("gpuQuery", GPU, "gpuTarget", "0.1"));
        fresh(GPU, 0.3); // 0.3 / 0.1 = 2.9999999999999996 or 3.0000000000000004 in doubles
        assertThat(replicas(PoolScaler.desired(snapshot(m, List.of(), Optional.empty()))))
                .isEqualTo(3);
    }

    @Test
    void latencyScalesProportionallyToTheReadyReplicas() {
        // Given p99 of 300 ms against a 200 ms target, with 4 replicas ready
        ScalerMetadata m = meta(Map.of("latencyQuery", LATENCY, "latencyTarget", "200"));
        fresh(LATENCY, 300);
        // When computed
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, List.of(), Optional.of(new TargetStatus(4, 4))));
        // Then 4 × 300/200 = 6
        assertThat(replicas(answer)).isEqualTo(6);
    }

    @Test
    void latencyWithoutAKnownReplicaCountIsUnavailableNotZero() {
        ScalerMetadata m = meta(Map.of("latencyQuery", LATENCY, "latencyTarget", "200"));
        fresh(LATENCY, 300);
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, List.of(), Optional.empty()));
        assertThat(answer).isInstanceOfSatisfying(Unavailable.class, u -> {
            assertThat(u.source()).isEqualTo("latencyQuery");
            assertThat(u.reason()).contains("replica count");
        });
    }

    @Test
    void latencyNaNMeansNoRequestsAndAsksForNothing() {
        ScalerMetadata m = meta(Map.of("latencyQuery", LATENCY, "latencyTarget", "200", "minReplicas", "1"));
        fresh(LATENCY, Double.NaN);
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, List.of(), Optional.of(new TargetStatus(1, 1))));
        assertThat(answer).isInstanceOfSatisfying(Desired.class, d -> {
            assertThat(d.replicas()).isEqualTo(1);
            assertThat(d.active()).isFalse();
        });
    }

    @Test
    void staleReadingIsUnavailableNamingTheSource() {
        // Given a queue value observed 61 s ago with the default 60 s maxStaleness
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "10"));
        readings.put(QUEUE, new SignalReading.Value(QUEUE, 50, NOW.minusSeconds(61)));
        // When computed
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, List.of(), Optional.empty()));
        // Then it is unavailable, saying it is stale, never 0
        assertThat(answer).isInstanceOfSatisfying(Unavailable.class, u -> {
            assertThat(u.source()).isEqualTo("queueQuery");
            assertThat(u.message()).contains("stale");
        });
    }

    @Test
    void failedReadingIsUnavailableNamingTheBackendAndReason() {
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "10"));
        readings.put(QUEUE, new SignalReading.Failed(QUEUE, "prometheus http://prom:9090", "connection refused", NOW));
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, List.of(), Optional.empty()));
        assertThat(answer)
                .isInstanceOfSatisfying(
                        Unavailable.class,
                        u -> assertThat(u.message())
                                .contains("queueQuery (prometheus http://prom:9090)")
                                .contains("connection refused"));
    }

    @Test
    void pendingReadingIsUnavailable() {
        ScalerMetadata m = meta(Map.of("gpuQuery", GPU, "gpuTarget", "0.8"));
        readings.put(GPU, new SignalReading.Pending(GPU, NOW));
        assertThat(PoolScaler.desired(snapshot(m, List.of(), Optional.empty()))).isInstanceOf(Unavailable.class);
    }

    @Test
    void negativeLoadIsUnavailable() {
        ScalerMetadata m = meta(Map.of("gpuQuery", GPU, "gpuTarget", "0.8"));
        fresh(GPU, -1);
        assertThat(PoolScaler.desired(snapshot(m, List.of(), Optional.empty()))).isInstanceOf(Unavailable.class);
    }

    @Test
    void boostIsAddedOnTopOfTheSignalDemand() {
        // Given a queue asking for 3 and a live boost of 2
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "10"));
        fresh(QUEUE, 25);
        List<Boost> boosts = List.of(new Boost(2, 8, "latency", NOW.plusSeconds(60)));
        // When computed, then 3 + 2 = 5
        assertThat(replicas(PoolScaler.desired(snapshot(m, boosts, Optional.empty()))))
                .isEqualTo(5);
    }

    @Test
    void totalBoostIsCappedByTheSmallestMaxBoostOfTheLiveIntents() {
        List<Boost> boosts =
                List.of(new Boost(3, 8, "latency", NOW.plusSeconds(60)), new Boost(3, 4, "queue", NOW.plusSeconds(60)));
        assertThat(Boost.total(boosts, NOW)).isEqualTo(4);
    }

    @Test
    void expiredBoostCountsForNothing() {
        // Given a boost whose TTL ended at NOW
        ScalerMetadata m = meta(Map.of());
        List<Boost> boosts = List.of(new Boost(2, 8, "latency", NOW));
        // When computed, then the pool is back at minReplicas and inactive
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, boosts, Optional.empty()));
        assertThat(answer).isEqualTo(new Desired(0, false, ((Desired) answer).explanation()));
    }

    @Test
    void poolWithoutSignalsScalesOnIntentsAloneFromMinReplicas() {
        // Given no signals, minReplicas 1 and a boost of 2
        ScalerMetadata m = meta(Map.of("minReplicas", "1"));
        List<Boost> boosts = List.of(new Boost(2, 8, "latency", NOW.plusSeconds(900)));
        // When computed, then 1 + 2 = 3 and the pool is active
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, boosts, Optional.empty()));
        assertThat(answer).isInstanceOfSatisfying(Desired.class, d -> {
            assertThat(d.replicas()).isEqualTo(3);
            assertThat(d.active()).isTrue();
        });
    }

    @Test
    void answerIsClampedToMaxReplicas() {
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "1", "maxReplicas", "6"));
        fresh(QUEUE, 500);
        assertThat(replicas(PoolScaler.desired(snapshot(m, List.of(), Optional.empty()))))
                .isEqualTo(6);
    }

    @Test
    void pendingScaleUpHoldsSignalPressureButLetsTheBoostThrough() {
        // Given 2 replicas asked for, 0 ready, a queue asking for 8, and a boost of 3 over min 0
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "10"));
        fresh(QUEUE, 75);
        List<Boost> boosts = List.of(new Boost(3, 8, "queue", NOW.plusSeconds(60)));
        // When computed
        ScalingAnswer answer = PoolScaler.desired(snapshot(m, boosts, Optional.of(new TargetStatus(2, 0))));
        // Then the answer is max(asked 2, intent-only 3) = 3, not 8 + 3
        assertThat(replicas(answer)).isEqualTo(3);
    }

    @Test
    void demandAboveTheActivationThresholdMakesThePoolActive() {
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "10", "activationThreshold", "0.5"));
        fresh(QUEUE, 4); // 0.4 replicas of demand
        assertThat(active(PoolScaler.activity(snapshot(m, List.of(), Optional.empty()))))
                .isFalse();
        fresh(QUEUE, 6); // 0.6
        assertThat(active(PoolScaler.activity(snapshot(m, List.of(), Optional.empty()))))
                .isTrue();
    }

    @Test
    void liveIntentMakesThePoolActiveEvenWhileASignalIsUnavailable() {
        // Given a failed queue signal and a live boost
        ScalerMetadata m = meta(Map.of("queueQuery", QUEUE, "queueTarget", "10"));
        readings.put(QUEUE, new SignalReading.Failed(QUEUE, "prometheus", "timeout", NOW));
        List<Boost> boosts = List.of(new Boost(2, 8, "latency", NOW.plusSeconds(60)));
        // When asked whether the pool is active, then yes
        assertThat(active(PoolScaler.activity(snapshot(m, boosts, Optional.empty()))))
                .isTrue();
    }

    private ScalerMetadata meta(Map<String, String> extra) {
        Map<String, String> metadata = new HashMap<>(extra);
        metadata.put("pool", "triton-a100");
        return ScalerMetadata.parse(metadata, "ml-serving");
    }

    private void fresh(String query, double value) {
        readings.put(query, new SignalReading.Value(query, value, NOW.minus(Duration.ofSeconds(5))));
    }

    private PoolScaler.Snapshot snapshot(ScalerMetadata m, List<Boost> boosts, Optional<TargetStatus> status) {
        return new PoolScaler.Snapshot(
                m, q -> readings.getOrDefault(q, new SignalReading.Pending(q, NOW)), boosts, status, NOW);
    }

    private static int replicas(ScalingAnswer answer) {
        assertThat(answer).isInstanceOf(Desired.class);
        return ((Desired) answer).replicas();
    }

    private static boolean active(ScalingAnswer answer) {
        assertThat(answer).isInstanceOf(Desired.class);
        return ((Desired) answer).active();
    }
}
