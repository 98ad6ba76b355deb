package dev.odpe.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DecisionTapTest {

    private final DecisionTap tap = new DecisionTap();

    @Test
    void anAuditLineFromTheEngineRecordsItsCausesAtTheDecisionTime() throws Exception {
        // Given a console line the packaged engine wrote for a decision
        String line = new String(
                        getClass()
                                .getResourceAsStream("/webhook/audit-line.json")
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .strip();

        // When the tap reads it
        boolean recorded = tap.accept(line);

        // Then the cause fingerprint maps to the decision's recorded time
        assertThat(recorded).isTrue();
        assertThat(tap.recordedAt("8223428fff28d0fa")).isEqualTo(Instant.parse("2026-11-28T16:14:42.326058927Z"));
    }

    @Test
    void otherConsoleLinesAreNotDecisions() {
        // When an ordinary log line is read
        boolean recorded = tap.accept("{\"loggerName\":\"io.quarkus\",\"message\":\"odpe-engine started\"}");

        // Then nothing is recorded
        assertThat(recorded).isFalse();
        assertThat(tap.decisionsSeen()).isZero();
    }
}
