package dev.odpe.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.HdrHistogram.Histogram;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The benchmark's pure parts: schedule, event and key format, lag arithmetic, table. */
class KafkaBenchPartsTest {

    @Test
    void scheduleSpacesEventsEvenlyOverTheDuration() {
        RateSchedule schedule = new RateSchedule(2_000, Duration.ofSeconds(30));

        assertThat(schedule.count()).isEqualTo(60_000);
        assertThat(schedule.dueOffsetNanos(0)).isZero();
        assertThat(schedule.dueOffsetNanos(1)).isEqualTo(500_000);
        assertThat(schedule.dueOffsetNanos(2_000)).isEqualTo(1_000_000_000L);
        assertThat(new RateSchedule(3, Duration.ofMillis(1_000)).count()).isEqualTo(3);
        assertThat(new RateSchedule(3, Duration.ofMillis(999)).count()).isEqualTo(2);
        assertThatThrownBy(() -> new RateSchedule(0, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventIsAnOdpeDriftOverThresholdStampedWithItsDueTime() throws Exception {
        Instant due = Instant.parse("2026-11-29T03:50:00.123Z");
        JsonNode event = new ObjectMapper().readTree(DriftEventJson.event("run-1", 42, due));

        assertThat(event.get("type").asText()).isEqualTo("dev.odpe.drift");
        assertThat(event.get("id").asText()).isEqualTo("42");
        assertThat(event.get("time").asText()).isEqualTo("2026-11-29T03:50:00.123Z");
        JsonNode data = event.get("data");
        assertThat(data.get("model").asText()).isEqualTo(DriftEventJson.model(42));
        assertThat(data.get("time").asText()).isEqualTo("2026-11-29T03:50:00.123Z");
        assertThat(data.get("score").asDouble())
                .isGreaterThanOrEqualTo(data.get("threshold").asDouble());
    }

    @Test
    void decisionKeyNamesItsEventBack() {
        String key = "model:" + DriftEventJson.NAMESPACE + "/" + DriftEventJson.model(1234);

        assertThat(DriftEventJson.seqOfDecisionKey(key)).isEqualTo(OptionalLong.of(1234));
        assertThat(DriftEventJson.seqOfDecisionKey("pool:ml-serving/triton-a100"))
                .isEmpty();
        assertThat(DriftEventJson.seqOfDecisionKey("model:" + DriftEventJson.NAMESPACE + "/m-x"))
                .isEmpty();
        assertThat(DriftEventJson.seqOfDecisionKey(null)).isEmpty();
    }

    @Test
    void lagIsEndMinusCommittedSummedOverPartitionsAndWholeWhereNothingIsCommitted() {
        TopicPartition p0 = new TopicPartition("odpe.drift-events", 0);
        TopicPartition p1 = new TopicPartition("odpe.drift-events", 1);

        assertThat(ConsumerLag.total(Map.of(p0, 100L, p1, 50L), Map.of(p0, 90L)))
                .isEqualTo(10 + 50);
        assertThat(ConsumerLag.total(Map.of(p0, 100L), Map.of(p0, 100L))).isZero();
        assertThat(ConsumerLag.total(Map.of(p0, 100L), Map.of(p0, 120L))).isZero();
    }

    @Test
    void tableHasOneRowPerRateWithPercentiles() {
        Histogram latency = new Histogram(3_600_000L, 3);
        for (int ms = 1; ms <= 100; ms++) {
            latency.recordValue(ms);
        }
        String table = ResultTable.markdown(
                List.of(new ResultTable.Row(1_000, 998.5, 30_000, 29_990, 10, 0, latency, 5_100, 4_800, 0, 0, 3.5)));

        assertThat(table.lines()).hasSize(3);
        assertThat(table.lines().skip(2).findFirst().orElseThrow())
                .isEqualTo(
                        "| 1,000 | 999 | 30,000 | 29,990 | 10 | 0 | 50 | 99 | 100 | 5,100 | 4,800 | 0 | 0 | ≤ 3.5 |");
    }
}
