package dev.odpe.engine.adapter.keda.prometheus;

import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One refresh round ({@link #refreshAll}) and single-query refreshes ({@link #refreshSoon}): evaluate
 * on the worker executor (its size bounds the queries in flight), store the outcome, count it, log
 * each failure streak once. A query still in flight is not started again, so a slow Prometheus
 * gets at most one evaluation per query at a time. Scheduling lives in {@link PrometheusSignalSource}.
 */
final class SignalRefresher {

    private final TrackedQueries tracked;
    private final InstantQuery backend;
    private final Executor workers;
    private final SignalMetrics metrics;
    private final Clock clock;
    private final Duration forgetAfter;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    SignalRefresher(
            TrackedQueries tracked,
            InstantQuery backend,
            Executor workers,
            SignalMetrics metrics,
            Clock clock,
            Duration forgetAfter) {
        this.tracked = tracked;
        this.backend = backend;
        this.workers = workers;
        this.metrics = metrics;
        this.clock = clock;
        this.forgetAfter = forgetAfter;
    }

    /** Forgets queries no RPC asked for within forget-after, then refreshes every other one. */
    void refreshAll() {
        try {
            int forgotten = tracked.forgetNotAskedSince(clock.instant().minus(forgetAfter));
            if (forgotten > 0) {
                Log.debugf(
                        "KEDA scaler: %d signal queries not asked for in %s are no longer refreshed",
                        forgotten, forgetAfter);
            }
            tracked.queries().forEach(this::refreshSoon);
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again; a bug here must not stop every signal.
            Log.error("KEDA scaler: signal refresh round failed; next round as scheduled", e);
        }
    }

    /** Starts evaluating {@code query} on a worker unless it is already in flight. */
    void refreshSoon(String query) {
        if (!inFlight.add(query)) {
            return;
        }
        try {
            workers.execute(() -> refresh(query));
        } catch (RejectedExecutionException shuttingDown) {
            inFlight.remove(query);
        }
    }

    private void refresh(String query) {
        try {
            long started = System.nanoTime(); // elapsed time for the histogram: monotonic, not the wall clock
            QueryOutcome outcome = backend.evaluate(query);
            metrics.refreshed(outcome, Duration.ofNanos(System.nanoTime() - started));
            log(query, outcome, tracked.record(query, outcome, clock.instant()));
        } finally {
            inFlight.remove(query);
        }
    }

    private void log(String query, QueryOutcome outcome, TrackedQueries.Transition transition) {
        switch (transition) {
            case STARTED_FAILING -> {
                QueryOutcome.Failure failure = (QueryOutcome.Failure) outcome;
                Log.warnf(
                        "KEDA scaler: signal query %s on %s fails: %s (%s)",
                        query,
                        tracked.sourceName(),
                        failure.message(),
                        failure.reason().isTransient()
                                ? "transient: the last value is served until the trigger's maxStaleness"
                                : "permanent: UNAVAILABLE until the query or the data changes");
            }
            case RECOVERED ->
                Log.infof("KEDA scaler: signal query %s on %s answers again", query, tracked.sourceName());
            case UNCHANGED -> {}
        }
    }
}
