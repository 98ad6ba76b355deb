package dev.odpe.engine.adapter.keda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import dev.odpe.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalePoolExecutorTest {

    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");
    private static final PoolKey POOL = new PoolKey("ml-serving", "triton-a100");
    private static final ScalePool BOOST =
            new ScalePool("ml-serving", "triton-a100", 2, Duration.ofMinutes(15), 8, "latency");

    private final MutableClock clock = new MutableClock(START);
    private final PoolIntents intents = new PoolIntents(clock);
    private final ScalePoolExecutor executor = new ScalePoolExecutor(intents);

    @Test
    void executedScalePoolRecordsABoostThatLivesForTheActionsTtl() {
        // When a ScalePool plan is executed
        ExecutionResult result = executor.apply(plan(Verdict.EXECUTE));
        // Then the pool has a boost of 2 until 15 minutes from now
        assertThat(result.outcome()).isEqualTo(Outcome.EXECUTED);
        assertThat(intents.boosts(POOL))
                .containsExactly(new Boost(2, 8, "latency", START.plus(Duration.ofMinutes(15))));
        assertThat(Boost.total(intents.boosts(POOL), clock.instant())).isEqualTo(2);
    }

    @Test
    void boostCountsForNothingOnceItsTtlHasPassed() {
        // Given a recorded boost
        executor.apply(plan(Verdict.EXECUTE));
        // When 15 minutes pass
        clock.advance(Duration.ofMinutes(15));
        // Then it no longer adds replicas
        assertThat(Boost.total(intents.boosts(POOL), clock.instant())).isZero();
    }

    @Test
    void boostIsHeldPastItsTtlWhileItsAlertFires() {
        // Given a recorded boost (15 minute TTL) whose alert keeps firing: no withdrawal comes
        executor.apply(plan(Verdict.EXECUTE));
        // When the leases are renewed every few seconds, as IntentLeases does, for an hour
        for (int second = 0; second < 3600; second += 5) {
            clock.advance(Duration.ofSeconds(5));
            intents.renewHeld();
        }
        // Then the boost still counts
        assertThat(Boost.total(intents.boosts(POOL), clock.instant())).isEqualTo(2);
        // And once it is withdrawn, renewing does not bring it back
        executor.apply(plan(Verdict.WITHDRAW));
        intents.renewHeld();
        assertThat(intents.boosts(POOL)).isEmpty();
        assertThat(intents.heldCount()).isZero();
    }

    @Test
    void renewalOnlyTouchesBoostsWithLessThanHalfTheirTtlLeft() {
        executor.apply(plan(Verdict.EXECUTE));
        clock.advance(Duration.ofMinutes(7));
        assertThat(intents.renewHeld()).isZero();
        clock.advance(Duration.ofMinutes(1));
        assertThat(intents.renewHeld()).isEqualTo(1);
        assertThat(intents.boosts(POOL))
                .containsExactly(new Boost(2, 8, "latency", START.plus(Duration.ofMinutes(23))));
    }

    @Test
    void boostSharedByAnotherReplicaIsNotRenewedHereAndLapsesAfterItsTtl() {
        // Given a boost another replica (or this one before a restart) shared: not held by this process
        intents.replace(
                POOL,
                java.util.Map.of(BOOST, new Boost(2, 8, "latency", START.plus(Duration.ofMinutes(15)))),
                shared -> shared);
        // When its holder is gone and 15 minutes pass with renewals running here
        for (int minute = 0; minute < 15; minute++) {
            clock.advance(Duration.ofMinutes(1));
            intents.renewHeld();
        }
        // Then it lapses: the TTL is the safety net for a withdrawal that can never come
        assertThat(Boost.total(intents.boosts(POOL), clock.instant())).isZero();
    }

    @Test
    void twoReasonsOnOnePoolAreTwoIntentsAndWithdrawingOneKeepsTheOther() {
        ScalePool queue = new ScalePool("ml-serving", "triton-a100", 2, Duration.ofMinutes(15), 8, "queue");
        executor.apply(plan(Verdict.EXECUTE));
        executor.apply(new PlannedAction(
                "queue-breach-boosts-pool",
                queue,
                List.of(),
                Verdict.EXECUTE,
                false,
                "k2",
                "test",
                clock.instant(),
                "decision-2"));
        assertThat(Boost.total(intents.boosts(POOL), clock.instant())).isEqualTo(4);
        executor.apply(plan(Verdict.WITHDRAW));
        assertThat(Boost.total(intents.boosts(POOL), clock.instant())).isEqualTo(2);
    }

    @Test
    void withdrawalRemovesTheBoostAndSaysSo() {
        // Given a recorded boost
        executor.apply(plan(Verdict.EXECUTE));
        // When its alert resolves
        ExecutionResult result = executor.apply(plan(Verdict.WITHDRAW));
        // Then the boost is gone
        assertThat(result.outcome()).isEqualTo(Outcome.WITHDRAWN);
        assertThat(result.detail()).startsWith("withdrew");
        assertThat(intents.boosts(POOL)).isEmpty();
    }

    @Test
    void withdrawingAnExpiredBoostIsReportedAsNothingToWithdraw() {
        executor.apply(plan(Verdict.EXECUTE));
        clock.advance(Duration.ofMinutes(20));
        assertThat(executor.apply(plan(Verdict.WITHDRAW)).detail()).contains("nothing to withdraw");
    }

    @Test
    void sameActionAgainRefreshesTheTtlInsteadOfStacking() {
        // Given a boost recorded 10 minutes ago
        executor.apply(plan(Verdict.EXECUTE));
        clock.advance(Duration.ofMinutes(10));
        // When the same action is executed again
        executor.apply(plan(Verdict.EXECUTE));
        // Then there is still one boost of 2, now until 25 minutes after the start
        assertThat(intents.boosts(POOL))
                .containsExactly(new Boost(2, 8, "latency", START.plus(Duration.ofMinutes(25))));
    }

    @Test
    void everyChangeIsAnnouncedToListenersForThatPool() {
        // Given a listener
        List<PoolKey> changed = new ArrayList<>();
        intents.onChange(changed::add);
        // When a boost is recorded and withdrawn
        executor.apply(plan(Verdict.EXECUTE));
        executor.apply(plan(Verdict.WITHDRAW));
        // Then the listener heard about the pool twice, synchronously
        assertThat(changed).containsExactly(POOL, POOL);
    }

    private PlannedAction plan(Verdict verdict) {
        return new PlannedAction(
                "latency-breach-boosts-pool",
                BOOST,
                List.of(),
                verdict,
                false,
                "key",
                "test",
                clock.instant(),
                "decision-1");
    }
}
