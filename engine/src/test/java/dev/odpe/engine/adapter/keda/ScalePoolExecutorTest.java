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
    private static final ScalePool BOOST = new ScalePool("ml-serving", "triton-a100", 2, Duration.ofMinutes(15), 8, "latency");

    private final MutableClock clock = new MutableClock(START);
    private final PoolIntents intents = new PoolIntents(clock);
    private final ScalePoolExecutor executor = new ScalePoolExecutor(intents);

    @Test
    void executedScalePoolRecordsABoostThatLivesForTheActionsTtl() {
        // When a ScalePool plan is executed
        ExecutionResult result = executor.apply(plan(Verdict.EXECUTE));
        // Then the pool has a boost of 2 until 15 minutes from now
        assertThat(result.outcome()).isEqualTo(Outcome.EXECUTED);
        assertThat(intents.boosts(POOL)).containsExactly(new Boost(2, 8, "latency", START.plus(Duration.ofMinutes(15))));
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
        assertThat(intents.boosts(POOL)).containsExactly(new Boost(2, 8, "latency", START.plus(Duration.ofMinutes(25))));
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
        return new PlannedAction("latency-breach-boosts-pool", BOOST, List.of(), verdict, false, "key", "test",
                clock.instant(), "decision-1");
    }
}
