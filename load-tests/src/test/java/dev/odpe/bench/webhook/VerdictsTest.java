package dev.odpe.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerdictsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void latencyIsMeasuredFromTheDueTimeAndUnrecordedAlertsCountAsMissing() {
        // Given two alerts due at T0, one recorded 3 ms later and one never
        Map<String, Instant> due = Map.of("a", T0, "b", T0);
        Map<String, Instant> recorded = Map.of("a", T0.plusMillis(3));

        // When latencies are computed
        Verdicts.Latencies latencies = Verdicts.latencies(due, recorded::get);

        // Then one sample of ~3 ms and one missing
        assertThat(latencies.percentileMillis(50)).isBetween(2.99, 3.01);
        assertThat(latencies.missing()).isEqualTo(1);
    }

    @Test
    void workIsDoneOnlyWhenEveryAlertIsRecordedAndThenAtTheLatestRecord() {
        // Given records for all but one alert, then for all
        Map<String, Instant> partial = Map.of("a", T0.plusMillis(5));
        Map<String, Instant> all = Map.of("a", T0.plusMillis(5), "b", T0.plusMillis(9));

        // When asked when both were recorded
        var notYet = Verdicts.allRecordedBy(List.of("a", "b"), partial::get);
        var done = Verdicts.allRecordedBy(List.of("a", "b"), all::get);

        // Then only the complete set has an end time, the latest one
        assertThat(notYet).isEmpty();
        assertThat(done).contains(T0.plusMillis(9));
    }

    @Test
    void throughputIsAlertsOverElapsedTime() {
        // When 20,000 alerts took two seconds
        double rate = Verdicts.perSecond(20_000, T0, T0.plusSeconds(2));

        // Then the rate is 10,000 alerts/s
        assertThat(rate).isEqualTo(10_000.0);
    }
}
