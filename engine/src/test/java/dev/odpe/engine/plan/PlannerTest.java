package dev.odpe.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final ScalePool BOOST = new ScalePool("ml", "a100", 2, Duration.ofMinutes(15), 8, "latency");
    private static final RollbackModel ROLLBACK = new RollbackModel("ml", "bert", "8", "errors");
    private static final List<Cause> LATENCY = List.of(new Cause("fp-1", T0, "TritonP99LatencyHigh"));

    private final MutableClock clock = new MutableClock(T0);

    @Test
    void firstActionOnATargetIsExecutedInDryRunByDefault() {
        // Given a planner with default settings
        Planner planner = new Planner(config(true, Duration.ofMinutes(10), Map.of()), clock);
        // When a rule asks for a boost
        PlannedAction plan = planner.planEmitted("latency-breach-boosts-pool", BOOST, LATENCY);
        // Then it is executed, as a dry run
        assertThat(plan.verdict()).isEqualTo(Verdict.EXECUTE);
        assertThat(plan.dryRun()).isTrue();
    }

    @Test
    void sameActionFromSameCausesIsExecutedAtMostOnce() {
        // Given a boost already planned for these causes, after the cooldown passed
        Planner planner = new Planner(config(false, Duration.ofSeconds(1), Map.of()), clock);
        planner.planEmitted("r", BOOST, LATENCY);
        clock.advance(Duration.ofMinutes(5));
        // When the same causes ask for it again
        PlannedAction again = planner.planEmitted("r", BOOST, LATENCY);
        // Then it is suppressed as a duplicate with the same key
        assertThat(again.verdict()).isEqualTo(Verdict.SUPPRESS_DUPLICATE);
        assertThat(again.idempotencyKey()).isEqualTo(IdempotencyKey.of(BOOST, LATENCY));
    }

    @Test
    void aDecisionRestoredFromBeforeARestartSuppressesTheSameCauses() {
        // Given a fresh planner (a restarted engine) told about a boost decided two minutes before it started
        Planner planner = new Planner(config(false, Duration.ofSeconds(1), Map.of()), clock);
        planner.restore(
                IdempotencyKey.of(BOOST, LATENCY), BOOST.type(), BOOST.target().key(), T0.minus(Duration.ofMinutes(2)));
        // When the same causes ask for it again (an event redelivered after the restart)
        PlannedAction again = planner.planEmitted("r", BOOST, LATENCY);
        // Then it is a duplicate, not a second action
        assertThat(again.verdict()).isEqualTo(Verdict.SUPPRESS_DUPLICATE);
    }

    @Test
    void aDecisionRestoredFromBeforeARestartKeepsItsTargetsCooldown() {
        // Given a restarted planner told about a rollback decided one minute before, with a ten-minute cooldown
        Planner planner = new Planner(config(false, Duration.ofMinutes(10), Map.of()), clock);
        planner.restore("other-key", ROLLBACK.type(), ROLLBACK.target().key(), T0.minus(Duration.ofMinutes(1)));
        // When a new cause asks for the same rollback
        PlannedAction plan = planner.planEmitted("r", ROLLBACK, List.of(new Cause("fp-2", T0, "QueueHigh")));
        // Then the cooldown that started before the restart still holds
        assertThat(plan.verdict()).isEqualTo(Verdict.SUPPRESS_COOLDOWN);
    }

    @Test
    void sameActionOnSameTargetFromNewCauseWithinCooldownIsSuppressed() {
        // Given a rollback planned one minute ago, with a ten-minute cooldown
        Planner planner = new Planner(config(false, Duration.ofMinutes(10), Map.of()), clock);
        planner.planEmitted("r", ROLLBACK, LATENCY);
        clock.advance(Duration.ofMinutes(1));
        // When another alert asks for the same rollback
        PlannedAction plan = planner.planEmitted("r", ROLLBACK, List.of(new Cause("fp-2", T0, "QueueHigh")));
        // Then the cooldown suppresses it and says why
        assertThat(plan.verdict()).isEqualTo(Verdict.SUPPRESS_COOLDOWN);
        assertThat(plan.reason()).contains("cooldown is 600s").contains("model:ml/bert");
    }

    @Test
    void secondReasonToBoostTheSamePoolIsNotHeldBackByCooldown() {
        // Given a latency boost on a pool planned one minute ago, with a ten-minute cooldown
        Planner planner = new Planner(config(false, Duration.ofMinutes(10), Map.of()), clock);
        planner.planEmitted("latency-breach-boosts-pool", BOOST, LATENCY);
        clock.advance(Duration.ofMinutes(1));
        // When a queue breach asks to boost the same pool (another reason: a separate level intent)
        ScalePool queue = new ScalePool("ml", "a100", 2, Duration.ofMinutes(15), 8, "queue");
        PlannedAction plan =
                planner.planEmitted("queue-breach-boosts-pool", queue, List.of(new Cause("fp-2", T0, "QueueHigh")));
        // Then it is executed: boosts are level state, the HPA's behavior limits the rate
        assertThat(plan.verdict()).isEqualTo(Verdict.EXECUTE);
        // And the same boost from the same causes is still a duplicate
        assertThat(planner.planEmitted("queue-breach-boosts-pool", queue, List.of(new Cause("fp-2", T0, "QueueHigh")))
                        .verdict())
                .isEqualTo(Verdict.SUPPRESS_DUPLICATE);
    }

    @Test
    void actionAfterItsCooldownIsExecutedAgain() {
        // Given a rollback planned eleven minutes ago, with a ten-minute cooldown
        Planner planner = new Planner(config(false, Duration.ofMinutes(10), Map.of()), clock);
        planner.planEmitted("r", ROLLBACK, LATENCY);
        clock.advance(Duration.ofMinutes(11));
        // When a new alert asks for the same rollback
        PlannedAction plan = planner.planEmitted("r", ROLLBACK, List.of(new Cause("fp-2", T0, "QueueHigh")));
        // Then it is executed
        assertThat(plan.verdict()).isEqualTo(Verdict.EXECUTE);
    }

    @Test
    void cooldownByTypeOverridesTheDefaultForThatTypeOnly() {
        // Given rollbacks cool down for an hour, everything else for a minute
        Planner planner =
                new Planner(config(false, Duration.ofMinutes(1), Map.of("RollbackModel", Duration.ofHours(1))), clock);
        RollbackModel rollback = new RollbackModel("ml", "bert", "8", "errors");
        planner.planEmitted("r", rollback, LATENCY);
        planner.planEmitted("r", BOOST, LATENCY);
        clock.advance(Duration.ofMinutes(30));
        // When both are asked for again from new causes
        List<Cause> fresh = List.of(new Cause("fp-9", T0, "x"));
        Verdict rollbackAgain = planner.planEmitted("r", new RollbackModel("ml", "bert", "7", "errors"), fresh)
                .verdict();
        Verdict boostAgain = planner.planEmitted("r", BOOST, fresh).verdict();
        // Then only the rollback is still cooling down
        assertThat(rollbackAgain).isEqualTo(Verdict.SUPPRESS_COOLDOWN);
        assertThat(boostAgain).isEqualTo(Verdict.EXECUTE);
    }

    @Test
    void withdrawalIsNeverHeldBackByCooldown() {
        // Given a boost planned just now
        Planner planner = new Planner(config(false, Duration.ofMinutes(10), Map.of()), clock);
        planner.planEmitted("r", BOOST, LATENCY);
        // When its alert resolves at once
        PlannedAction plan = planner.planWithdrawn("r", BOOST, LATENCY);
        // Then the withdrawal goes ahead
        assertThat(plan.verdict()).isEqualTo(Verdict.WITHDRAW);
    }

    @Test
    void reFiringOfTheSameAlertIsANewCause() {
        // Given a boost for a firing that started at T0, cooldown passed
        Planner planner = new Planner(config(false, Duration.ofSeconds(1), Map.of()), clock);
        planner.planEmitted("r", BOOST, LATENCY);
        clock.advance(Duration.ofHours(2));
        // When the same alert (same fingerprint) fires again with a new startsAt
        PlannedAction plan = planner.planEmitted("r", BOOST, List.of(new Cause("fp-1", T0.plusSeconds(7000), "x")));
        // Then it is not a duplicate
        assertThat(plan.verdict()).isEqualTo(Verdict.EXECUTE);
    }

    @Test
    void liveTypeActsForRealWhileOtherTypesStayDryRun() {
        // Given dry-run on, with ScalePool listed as live
        Planner planner = new Planner(config(true, Duration.ofMinutes(10), Map.of(), Set.of("ScalePool")), clock);
        // When a rule asks for a boost and another for a rollback
        PlannedAction boost = planner.planEmitted("r", BOOST, LATENCY);
        PlannedAction rollback = planner.planEmitted("r", new RollbackModel("ml", "bert", "8", "errors"), LATENCY);
        // Then only the boost is live
        assertThat(boost.dryRun()).isFalse();
        assertThat(rollback.dryRun()).isTrue();
    }

    @Test
    void unknownLiveTypeFailsStartUpNamingTheKnownTypes() {
        // Given a typo in the live types
        PlannerConfig config = config(true, Duration.ofMinutes(10), Map.of(), Set.of("ScalePools"));
        // When the planner is created, then it refuses
        assertThatThrownBy(() -> new Planner(config, clock))
                .hasMessageContaining("odpe.planner.live-types")
                .hasMessageContaining("ScalePools")
                .hasMessageContaining("[Notify, RollbackModel, ScalePool]");
    }

    static PlannerConfig config(boolean dryRun, Duration cooldown, Map<String, Duration> byType) {
        return config(dryRun, cooldown, byType, Set.of());
    }

    static PlannerConfig config(boolean dryRun, Duration cooldown, Map<String, Duration> byType, Set<String> live) {
        return ConfigStub.of(
                PlannerConfig.class,
                Map.of(
                        "dryRun",
                        dryRun,
                        "cooldown",
                        cooldown,
                        "cooldownByType",
                        byType,
                        "idempotencyTtl",
                        Duration.ofHours(24),
                        "maxRemembered",
                        1000,
                        "liveTypes",
                        Optional.of(live)));
    }
}
