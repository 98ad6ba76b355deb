package dev.odpe.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineHistogramsTest {

    // As the engine serves them: a counter incremented inside a span carries an exemplar after " # ".
    private static final String METRICS = """
            # TYPE odpe_kafka_decisions_failed_total counter
            odpe_kafka_decisions_failed_total 15044.0 # {span_id="038cd2855643c54e",trace_id="aeaf95bf"} 1.0 1795924106.446
            odpe_kafka_decisions_failed_total_created 1.7959241E9
            odpe_kafka_drift_refusals_total{channel="a"} 2.0
            odpe_kafka_drift_refusals_total{channel="b"} 3.0
            odpe_evaluation_lag_seconds_bucket{le="0.001"} 4.0 # {span_id="1",trace_id="2"} 0.0009 1795924106.446
            odpe_evaluation_lag_seconds_bucket{le="+Inf"} 10.0
            """;

    @Test
    void aCounterIsItsSampleValueNotItsExemplarsTimestamp() {
        assertThat(EngineHistograms.total(METRICS, "odpe_kafka_decisions_failed_total"))
                .isEqualTo(15044.0);
    }

    @Test
    void aCounterWithSeveralLabelSetsIsTheirSumAndAnAbsentOneIsZero() {
        assertThat(EngineHistograms.total(METRICS, "odpe_kafka_drift_refusals_total"))
                .isEqualTo(5.0);
        assertThat(EngineHistograms.total(METRICS, "odpe_kafka_drift_unacknowledged_total"))
                .isZero();
    }

    @Test
    void bucketsIgnoreExemplarsToo() {
        assertThat(EngineHistograms.buckets(METRICS, "odpe_evaluation_lag_seconds", ""))
                .containsEntry(0.001, 4.0)
                .containsEntry(Double.POSITIVE_INFINITY, 10.0);
    }
}
