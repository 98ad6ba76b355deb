package dev.odpe.engine.adapter.keda.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The source and its refresh logic with a scripted backend, a hand-moved clock and a worker
 * executor the test drains itself: no threads, no sleeps.
 */
class PrometheusSignalSourceTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String SOURCE = "prometheus http://prom:9090";
    private static final String QUEUE = "sum(nv_inference_pending_request_count{model=\"bert\"})";
    private static final QueryOutcome DOWN = new QueryOutcome.Failure(FailureReason.UNREACHABLE, "connection refused");
    private static final Duration FORGET_AFTER = Duration.ofMinutes(10);

    private final MutableClock clock = new MutableClock(T0);
    private final ScriptedBackend backend = new ScriptedBackend();
    private final ManualExecutor workers = new ManualExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TrackedQueries tracked = new TrackedQueries(SOURCE, 3);
    private final SignalRefresher refresher =
            new SignalRefresher(tracked, backend, workers, new SignalMetrics(registry, tracked), clock, FORGET_AFTER);
    private final PrometheusSignalSource source = new PrometheusSignalSource(tracked, refresher, clock, () -> {});

    @Test
    void aNewQueryIsPendingUntilItsFirstEvaluation() {
        // Given Prometheus would answer 35
        backend.answer(QUEUE, new QueryOutcome.Sample(35));
        // When an RPC tracks the query and reads it before the worker ran
        source.track(QUEUE);
        SignalReading reading = source.latest(QUEUE);
        // Then the reading is pending since the first sighting
        assertThat(reading).isEqualTo(new SignalReading.Pending(QUEUE, T0));
    }

    @Test
    void aNewQueryIsEvaluatedAtOnceNotAtTheNextRound() {
        // Given Prometheus answers 35
        backend.answer(QUEUE, new QueryOutcome.Sample(35));
        source.track(QUEUE);
        // When the worker runs what the first sighting queued
        workers.runAll();
        // Then the reading is that value, observed now
        assertThat(source.latest(QUEUE)).isEqualTo(new SignalReading.Value(QUEUE, 35, T0));
    }

    @Test
    void aTransientFailureKeepsTheLastValueWithItsObservationTimeSoItAges() {
        // Given a value read at T0
        readValue(35);
        // When Prometheus is down at the next round, 30 s later
        clock.advance(Duration.ofSeconds(30));
        backend.answer(QUEUE, DOWN);
        refreshRound();
        // Then the last value is still read, observed at T0 (the trigger's maxStaleness judges its age)
        assertThat(source.latest(QUEUE)).isEqualTo(new SignalReading.Value(QUEUE, 35, T0));
        assertThat(tracked.failure(QUEUE)).contains((QueryOutcome.Failure) DOWN);
    }

    @Test
    void aTransientFailureBeforeAnyValueReadsFailedNamingSourceAndCause() {
        // Given Prometheus is down from the start
        backend.answer(QUEUE, DOWN);
        // When the query is tracked and evaluated
        source.track(QUEUE);
        workers.runAll();
        // Then the reading is a failure naming the source and the cause
        assertThat(source.latest(QUEUE))
                .isEqualTo(new SignalReading.Failed(QUEUE, SOURCE, "prometheus unreachable: connection refused", T0));
    }

    @Test
    void aPermanentFailureReadsFailedAtOnceAndDropsTheOldValue() {
        // Given a value read at T0
        readValue(35);
        // When the series disappear (empty vector) at the next round
        clock.advance(Duration.ofSeconds(5));
        backend.answer(QUEUE, new QueryOutcome.Failure(FailureReason.NO_SERIES, "empty vector"));
        refreshRound();
        // Then the reading fails at once instead of serving 35
        assertThat(source.latest(QUEUE))
                .isEqualTo(new SignalReading.Failed(
                        QUEUE, SOURCE, "query returned no series: empty vector", T0.plusSeconds(5)));
    }

    @Test
    void aFailureStreakIsDatedFromItsFirstFailure() {
        // Given Prometheus down since T0
        backend.answer(QUEUE, DOWN);
        source.track(QUEUE);
        workers.runAll();
        // When it is still down a minute later
        clock.advance(Duration.ofMinutes(1));
        refreshRound();
        // Then the failure is dated from T0
        assertThat(source.latest(QUEUE))
                .isInstanceOfSatisfying(
                        SignalReading.Failed.class,
                        failed -> assertThat(failed.since()).isEqualTo(T0));
    }

    @Test
    void aValueAfterAFailureReplacesIt() {
        // Given a permanent failure
        backend.answer(QUEUE, new QueryOutcome.Failure(FailureReason.QUERY_REJECTED, "bad_data: parse error"));
        source.track(QUEUE);
        workers.runAll();
        // When the next round gives a value
        clock.advance(Duration.ofSeconds(5));
        backend.answer(QUEUE, new QueryOutcome.Sample(7));
        refreshRound();
        // Then the reading is that value
        assertThat(source.latest(QUEUE)).isEqualTo(new SignalReading.Value(QUEUE, 7, T0.plusSeconds(5)));
        assertThat(tracked.failure(QUEUE)).isEmpty();
    }

    @Test
    void aQueryNoRpcAskedForWithinForgetAfterIsNoLongerRefreshed() {
        // Given a query read once at T0 and never asked for again
        readValue(35);
        // When a round runs after forget-after has passed
        clock.advance(FORGET_AFTER.plusSeconds(1));
        refreshRound();
        // Then it is not evaluated again and no longer tracked
        assertThat(backend.calls(QUEUE)).isEqualTo(1);
        assertThat(tracked.size()).isZero();
    }

    @Test
    void aQueryAskedForAgainIsKeptPastForgetAfter() {
        // Given a query read at T0 and asked for again just before forget-after
        readValue(35);
        clock.advance(FORGET_AFTER.minusSeconds(1));
        source.track(QUEUE);
        // When a round runs after the first sighting's forget-after
        clock.advance(Duration.ofSeconds(2));
        refreshRound();
        // Then it is evaluated again
        assertThat(backend.calls(QUEUE)).isEqualTo(2);
    }

    @Test
    void beyondMaxTrackedQueriesANewQueryIsRefusedAndItsReadingSaysWhy() {
        // Given the bound of three tracked queries is reached
        for (int i = 0; i < 3; i++) {
            source.track("q" + i);
        }
        // When a fourth query is tracked
        source.track(QUEUE);
        // Then it is not evaluated and its reading names the key to raise
        workers.runAll();
        assertThat(backend.calls(QUEUE)).isZero();
        assertThat(source.latest(QUEUE)).isInstanceOfSatisfying(SignalReading.Failed.class, failed -> {
            assertThat(failed.source()).isEqualTo(SOURCE);
            assertThat(failed.reason())
                    .startsWith("query not tracked: 3 queries are already tracked")
                    .contains("odpe.scaler.prometheus.max-tracked-queries");
        });
    }

    @Test
    void aQueryStillInFlightIsNotEvaluatedTwice() {
        // Given a query whose first evaluation is queued but has not run
        backend.answer(QUEUE, new QueryOutcome.Sample(1));
        source.track(QUEUE);
        // When a refresh round comes before it ran
        refresher.refreshAll();
        // Then only one evaluation is queued
        assertThat(workers.queued()).isEqualTo(1);
    }

    @Test
    void everyRefreshIsCountedByOutcomeAndTimed() {
        // Given one query that gives a value and one that fails
        backend.answer(QUEUE, new QueryOutcome.Sample(1));
        backend.answer("broken(", new QueryOutcome.Failure(FailureReason.QUERY_REJECTED, "bad_data"));
        source.track(QUEUE);
        source.track("broken(");
        // When both are evaluated
        workers.runAll();
        // Then the counters, the timer and the gauge show it
        assertThat(registry.get("odpe.signal.refresh")
                        .tag("outcome", "value")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("odpe.signal.refresh")
                        .tag("outcome", "query_rejected")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("odpe.signal.refresh")
                        .tag("outcome", "timeout")
                        .counter()
                        .count())
                .isZero();
        assertThat(registry.get("odpe.signal.refresh.duration").timer().count()).isEqualTo(2);
        assertThat(registry.get("odpe.signal.tracked.queries").gauge().value()).isEqualTo(2);
    }

    private void readValue(double value) {
        backend.answer(QUEUE, new QueryOutcome.Sample(value));
        source.track(QUEUE);
        workers.runAll();
    }

    private void refreshRound() {
        refresher.refreshAll();
        workers.runAll();
    }

    /** Answers each query with what the test set; counts evaluations. */
    private static final class ScriptedBackend implements InstantQuery {
        private final Map<String, QueryOutcome> answers = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        void answer(String query, QueryOutcome outcome) {
            answers.put(query, outcome);
        }

        int calls(String query) {
            return calls.getOrDefault(query, new AtomicInteger()).get();
        }

        @Override
        public QueryOutcome evaluate(String promql) {
            calls.computeIfAbsent(promql, q -> new AtomicInteger()).incrementAndGet();
            return answers.getOrDefault(promql, new QueryOutcome.Failure(FailureReason.NO_SERIES, "not scripted"));
        }
    }

    /** Runs tasks only when the test says so. */
    private static final class ManualExecutor implements Executor {
        private final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        int queued() {
            return tasks.size();
        }

        void runAll() {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
        }
    }
}
