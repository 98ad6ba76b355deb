package dev.odpe.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.ledger.InMemoryRemediationLedger;
import dev.odpe.engine.ledger.Remediation;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A restart keeps idempotency keys and cooldowns: the planner's memory is rebuilt from the ledger. */
class LedgerRestoreTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");
    private static final List<Cause> FIRST = List.of(new Cause("fp-1", T0, "TritonErrorsHigh"));
    private static final List<Cause> SECOND = List.of(new Cause("fp-2", T0.plusSeconds(60), "TritonErrorsHigh"));

    private final MutableClock clock = new MutableClock(T0);
    private final PlannerConfig config = ConfigStub.of(
            PlannerConfig.class,
            Map.of(
                    "dryRun", false,
                    "cooldown", Duration.ofMinutes(10),
                    "cooldownByType", Map.of(),
                    "idempotencyTtl", Duration.ofHours(24),
                    "maxRemembered", 1000,
                    "liveTypes", Optional.empty()));

    @Test
    void aRestartedPlannerRemembersTheLedgersActionsKeysAndCooldowns() {
        // Given the ledger holds a rollback of bert committed by the previous process, two minutes ago
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        PlannedAction before = new Planner(config, clock).planEmitted("r", BERT_8, FIRST);
        ledger.commit(Remediation.of(before.withDecisionId("d-1"), "v1", "", "odpe-engine-0", T0));
        clock.advance(Duration.ofMinutes(2));

        // When a new planner starts and is restored from the ledger
        Planner restarted = new Planner(config, clock);
        int restored = new LedgerRestore(ledger, restarted, clock).restore();

        // Then the same action from the same causes is a duplicate, and from new causes waits for its cooldown
        assertThat(restored).isEqualTo(1);
        assertThat(restarted.planEmitted("r", BERT_8, FIRST).verdict()).isEqualTo(Verdict.SUPPRESS_DUPLICATE);
        assertThat(restarted.planEmitted("r", BERT_8, SECOND).verdict()).isEqualTo(Verdict.SUPPRESS_COOLDOWN);
    }

    @Test
    void remediationsOlderThanThePlannersMemoryAreNotRestored() {
        // Given a rollback committed two days ago (longer than the 24 h idempotency TTL)
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        PlannedAction before = new Planner(config, clock).planEmitted("r", BERT_8, FIRST);
        ledger.commit(Remediation.of(before.withDecisionId("d-1"), "v1", "", "odpe-engine-0", T0));
        clock.advance(Duration.ofDays(2));

        // When a new planner is restored
        Planner restarted = new Planner(config, clock);
        int restored = new LedgerRestore(ledger, restarted, clock).restore();

        // Then nothing is restored and a new cause may act
        assertThat(restored).isZero();
        assertThat(restarted.planEmitted("r", BERT_8, SECOND).verdict()).isEqualTo(Verdict.EXECUTE);
    }
}
