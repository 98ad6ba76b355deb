package dev.odpe.engine.adapter.keda.prometheus;

import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.scaler.signal.SignalSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Signal readings from Prometheus instant queries. RPCs only touch memory: {@link #track} marks a
 * query as wanted (a first sighting is evaluated at once), {@link #latest} reads the last outcome.
 * A scheduler thread starts a refresh round every refresh-interval; a fixed pool of
 * max-concurrent-queries workers evaluates them. {@link #close} stops both.
 */
public final class PrometheusSignalSource implements SignalSource, AutoCloseable {

    private final TrackedQueries tracked;
    private final SignalRefresher refresher;
    private final Clock clock;
    private final Runnable stop;

    PrometheusSignalSource(TrackedQueries tracked, SignalRefresher refresher, Clock clock, Runnable stop) {
        this.tracked = tracked;
        this.refresher = refresher;
        this.clock = clock;
        this.stop = stop;
    }

    /** Builds the source and starts its refresh rounds. */
    public static PrometheusSignalSource start(
            PrometheusSettings settings, InstantQuery backend, Clock clock, MeterRegistry registry) {
        TrackedQueries tracked = new TrackedQueries(settings.sourceName(), settings.maxTrackedQueries());
        ExecutorService workers =
                Executors.newFixedThreadPool(settings.maxConcurrentQueries(), daemonThreads("odpe-prometheus-query-"));
        ScheduledExecutorService scheduler =
                Executors.newSingleThreadScheduledExecutor(daemonThreads("odpe-prometheus-refresh-"));
        SignalRefresher refresher = new SignalRefresher(
                tracked, backend, workers, new SignalMetrics(registry, tracked), clock, settings.forgetAfter());
        long period = settings.refreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(refresher::refreshAll, period, period, TimeUnit.MILLISECONDS);
        return new PrometheusSignalSource(tracked, refresher, clock, () -> {
            scheduler.shutdownNow();
            workers.shutdownNow(); // interrupts queries in flight; their outcome no longer matters
        });
    }

    @Override
    public void track(String query) {
        if (tracked.track(query, clock.instant()) == TrackedQueries.Tracking.NEW) {
            refresher.refreshSoon(query); // the first reading should not wait for the next round
        }
    }

    @Override
    public SignalReading latest(String query) {
        return tracked.latest(query, clock.instant());
    }

    @Override
    public void close() {
        stop.run();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
