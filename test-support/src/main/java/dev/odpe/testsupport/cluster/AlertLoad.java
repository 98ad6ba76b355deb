package dev.odpe.testsupport.cluster;

import dev.odpe.testsupport.Alertmanager;
import dev.odpe.testsupport.TestAlert;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A steady alert load posted to Alertmanager as Prometheus would: every {@code latencyEvery} a latency
 * breach of a new pool ({@code <prefix>-0}, {@code <prefix>-1}, … → {@code ScalePool}), every {@code
 * errorsEvery} an errors breach of the next model of a fixed list (version 8 → {@code RollbackModel}),
 * until stopped or the models run out. Alerts keep firing (re-sent every minute) until the load is closed.
 */
public final class AlertLoad implements AutoCloseable {

    /** An alert as posted: the pool or model it names, its kind, and when it was posted. */
    public record Posted(String kind, String namespace, String name, TestAlert alert, Instant at) {}

    public static final String LATENCY = "latency";
    public static final String ERRORS = "errors";

    private final Alertmanager alertmanager;
    private final String namespace;
    private final String poolPrefix;
    private final Deque<String> models;
    private final Clock clock = Clock.systemUTC();
    private final List<Posted> posted = new CopyOnWriteArrayList<>();
    private final List<Throwable> failures = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "alert-load");
        t.setDaemon(true);
        return t;
    });
    private int pools;

    private AlertLoad(Alertmanager alertmanager, String namespace, String poolPrefix, List<String> models) {
        this.alertmanager = alertmanager;
        this.namespace = namespace;
        this.poolPrefix = poolPrefix;
        this.models = new ArrayDeque<>(models);
    }

    /** Starts posting at once. */
    public static AlertLoad start(
            Alertmanager alertmanager,
            String namespace,
            String poolPrefix,
            Duration latencyEvery,
            List<String> models,
            Duration errorsEvery) {
        AlertLoad load = new AlertLoad(alertmanager, namespace, poolPrefix, models);
        load.poster.scheduleAtFixedRate(load::postLatency, 0, latencyEvery.toMillis(), TimeUnit.MILLISECONDS);
        load.poster.scheduleAtFixedRate(
                load::postErrors, errorsEvery.toMillis() / 2, errorsEvery.toMillis(), TimeUnit.MILLISECONDS);
        // as Prometheus re-sends firing alerts: without it Alertmanager resolves them after resolve_timeout (5m)
        load.poster.scheduleAtFixedRate(load::refire, 1, 1, TimeUnit.MINUTES);
        return load;
    }

    /** Everything posted so far. */
    public List<Posted> posted() {
        return List.copyOf(posted);
    }

    public List<Posted> posted(String kind) {
        return posted.stream().filter(p -> p.kind().equals(kind)).toList();
    }

    /** Posts that Alertmanager refused or that failed (each also fails the test that checks {@link #failures()}). */
    public List<Throwable> failures() {
        return List.copyOf(failures);
    }

    private void postLatency() {
        String pool = poolPrefix + "-" + pools++;
        post(LATENCY, pool, TestAlert.latencyBreach(namespace, pool, clock.instant()));
    }

    private void postErrors() {
        String model;
        synchronized (models) {
            model = models.pollFirst();
        }
        if (model != null) {
            post(ERRORS, model, TestAlert.errorsBreach(namespace, model, "8", clock.instant()));
        }
    }

    private void refire() {
        try {
            alertmanager.post(posted.stream().map(Posted::alert).toArray(TestAlert[]::new));
        } catch (RuntimeException | AssertionError e) {
            failures.add(e);
        }
    }

    private void post(String kind, String name, TestAlert alert) {
        try {
            alertmanager.post(alert);
            posted.add(new Posted(kind, namespace, name, alert, clock.instant()));
        } catch (RuntimeException | AssertionError e) {
            failures.add(e);
        }
    }

    /** Stops posting; alerts already posted keep firing. */
    @Override
    public void close() {
        poster.shutdownNow();
        try {
            poster.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
