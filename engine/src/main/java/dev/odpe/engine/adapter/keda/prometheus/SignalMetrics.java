package dev.odpe.engine.adapter.keda.prometheus;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code odpe_signal_refresh_total{outcome}} (outcome {@code value} or a {@link FailureReason}
 * label), {@code odpe_signal_refresh_duration_seconds} and {@code odpe_signal_tracked_queries}.
 */
final class SignalMetrics {

    static final String VALUE_OUTCOME = "value";

    private final Counter values;
    private final Map<FailureReason, Counter> failures = new EnumMap<>(FailureReason.class);
    private final Timer duration;

    SignalMetrics(MeterRegistry registry, TrackedQueries tracked) {
        this.values = refreshCounter(registry, VALUE_OUTCOME);
        for (FailureReason reason : FailureReason.values()) {
            if (reason != FailureReason.TOO_MANY_QUERIES) { // a refusal to track, never a refresh outcome
                failures.put(reason, refreshCounter(registry, reason.label())); // visible as 0 from the start
            }
        }
        this.duration = Timer.builder("odpe.signal.refresh.duration")
                .description("Time one signal query took against the backend, answer or failure")
                .publishPercentileHistogram()
                .register(registry);
        // The registry holds the gauge's object weakly; the signal source holds `tracked` for the app's lifetime.
        Gauge.builder("odpe.signal.tracked.queries", tracked, TrackedQueries::size)
                .description("Distinct signal queries refreshed in the background")
                .register(registry);
    }

    void refreshed(QueryOutcome outcome, Duration took) {
        duration.record(took);
        if (outcome instanceof QueryOutcome.Failure failure) {
            failures.get(failure.reason()).increment();
        } else {
            values.increment();
        }
    }

    private static Counter refreshCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("odpe.signal.refresh")
                .description("Background refreshes of signal queries, by outcome")
                .tag("outcome", outcome)
                .register(registry);
    }
}
