package dev.odpe.engine.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Finished remediations are deleted after the retention; in-flight ones never are. */
class LedgerRetentionTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private void committed(String key, Phase phase) {
        ledger.commit(new Remediation(key, "d-" + key, BERT_8, "r", "v1", List.of(), "", "pod-0", clock.instant()));
        ledger.update("d-" + key, StatusUpdate.to(phase, phase.display()));
    }

    @Test
    void aSweepDeletesOldFinishedRemediationsKeepsInFlightAndRecentOnesAndCountsThemByPhase() {
        // Given, 8 days ago, one succeeded, one escalated, one pending and one in-progress remediation,
        // and a failed one from today
        committed("a", Phase.SUCCEEDED);
        committed("b", Phase.ESCALATED);
        committed("c", Phase.PENDING);
        committed("d", Phase.IN_PROGRESS);
        clock.advance(Duration.ofDays(8));
        committed("e", Phase.FAILED);
        LedgerRetention retention = new LedgerRetention(
                ledger,
                ConfigStub.of(LedgerConfig.class, Map.of("ledger", Optional.empty(), "retention", Duration.ofDays(7))),
                clock,
                meters);

        // When the retention sweeps
        retention.sweep();

        // Then the two old finished ones are gone and the gauge counts the rest
        assertThat(((LedgerResult.Listed) ledger.list()).entries())
                .extracting(e -> e.remediation().idempotencyKey())
                .containsExactly("c", "d", "e");
        assertThat(meters.get("odpe.remediations")
                        .tag("phase", "Pending")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(meters.get("odpe.remediations")
                        .tag("phase", "InProgress")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(meters.get("odpe.remediations")
                        .tag("phase", "Failed")
                        .gauge()
                        .value())
                .isEqualTo(1);
        assertThat(meters.get("odpe.remediations")
                        .tag("phase", "Succeeded")
                        .gauge()
                        .value())
                .isZero();
    }
}
