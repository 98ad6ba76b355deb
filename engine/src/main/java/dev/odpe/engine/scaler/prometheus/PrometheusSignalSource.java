package dev.odpe.engine.scaler.prometheus;

import dev.odpe.engine.scaler.prometheus.QueryAnswer.Failure;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Sample;
import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.scaler.signal.SignalSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Load signals from Prometheus. Every tracked query is evaluated in the background (see
 * {@link #refreshAll}); {@link #latest} only reads memory, so a KEDA RPC never waits on Prometheus.
 *
 * <p>Failure policy: a transient failure (unreachable, timeout, 5xx, no series) keeps the last value,
 * whose age then grows until the trigger's {@code maxStaleness} turns it into UNAVAILABLE; a permanent
 * one (bad query, several series) replaces it at once. With no value yet, any failure is reported.
 */
public class PrometheusSignalSource implements SignalSource {

    private final InstantQueries prometheus;
    private final PrometheusConfig config;
    private final Clock clock;
    private final Map<String, TrackedQuery> tracked = new ConcurrentHashMap<>();
    private final Semaphore inFlight;
    private final Map<String, Counter> refreshes = new ConcurrentHashMap<>();
    private final MeterRegistry meters;
    private final Timer refreshTime;

    public PrometheusSignalSource(InstantQueries prometheus, PrometheusConfig config, Clock clock, MeterRegistry meters) {
        this.prometheus = prometheus;
        this.config = config;
        this.clock = clock;
        this.meters = meters;
        this.inFlight = new Semaphore(config.maxConcurrentQueries());
        this.refreshTime = Timer.builder("odpe.signal.refresh.duration")
                .description("Time one background query to the signal source took").register(meters);
        Gauge.builder("odpe.signal.tracked.queries", tracked, Map::size)
                .description("Signal queries refreshed in the background").register(meters);
    }

    @Override
    public void track(String query) {
        Instant now = clock.instant();
        TrackedQuery existing = tracked.get(query);
        if (existing != null) {
            existing.askedAt(now);
            return;
        }
        if (tracked.size() >= config.maxTrackedQueries()) {
            return; // latest() explains; a bounded set keeps refresh cost bounded whatever KEDA sends
        }
        if (tracked.putIfAbsent(query, new TrackedQuery(query, now)) == null) {
            refresh(tracked.get(query)); // first sighting: no need to wait a whole interval for a value
        }
    }

    @Override
    public SignalReading latest(String query) {
        TrackedQuery entry = tracked.get(query);
        if (entry == null) {
            return new SignalReading.Failed(query, prometheus.describe(), "not tracked: odpe.scaler.prometheus."
                    + "max-tracked-queries (" + config.maxTrackedQueries() + ") distinct queries are tracked already",
                    clock.instant());
        }
        entry.askedAt(clock.instant());
        return entry.reading();
    }

    /** One background pass: forget queries nobody asked about, then refresh the rest. */
    public void refreshAll() {
        Instant forgetBefore = clock.instant().minus(config.forgetAfter());
        tracked.values().removeIf(entry -> entry.lastAsked().isBefore(forgetBefore));
        for (TrackedQuery entry : tracked.values()) {
            refresh(entry);
        }
    }

    private void refresh(TrackedQuery entry) {
        if (!entry.startRefresh()) {
            return; // the previous query for it is still running: never pile up behind a slow Prometheus
        }
        if (!inFlight.tryAcquire()) {
            entry.endRefresh();
            count("skipped_busy");
            return; // the next pass picks it up; max-concurrent-queries bounds the load we put on Prometheus
        }
        long start = System.nanoTime();
        prometheus.query(entry.query()).whenComplete((answer, error) -> {
            inFlight.release();
            refreshTime.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
            record(entry, answer != null ? answer
                    : new Failure(QueryAnswer.Reason.UNREACHABLE, String.valueOf(error)));
            entry.endRefresh();
        });
    }

    private void record(TrackedQuery entry, QueryAnswer answer) {
        Instant now = clock.instant();
        if (answer instanceof Sample sample) {
            entry.reading(new SignalReading.Value(entry.query(), sample.value(), now));
            count("ok");
            return;
        }
        Failure failure = (Failure) answer;
        count(failure.reason().name().toLowerCase(java.util.Locale.ROOT));
        if (failure.reason().isTransient() && entry.reading() instanceof SignalReading.Value) {
            return; // keep the last value: its age, checked against maxStaleness, decides
        }
        Instant since = entry.reading() instanceof SignalReading.Failed previous ? previous.since() : now;
        entry.reading(new SignalReading.Failed(entry.query(), prometheus.describe(),
                failure.reason().name().toLowerCase(java.util.Locale.ROOT) + ": " + failure.message(), since));
    }

    private void count(String outcome) {
        refreshes.computeIfAbsent(outcome, o -> Counter.builder("odpe.signal.refresh")
                .description("Background signal queries by outcome").tag("outcome", o).register(meters)).increment();
    }
}
