package dev.odpe.engine.adapter.keda;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Open StreamIsActive streams, by pool. An intent change pushes to that pool's streams right away,
 * on the thread that changed it (no polling between webhook and push); every stream also gets its
 * answer re-sent each {@code odpe.scaler.stream-resend-interval}, which keeps it alive and carries
 * signal-driven activation.
 */
@ApplicationScoped
public class ActivityStreams {

    /** One open stream: knows its pool and how to send the pool's current answer. */
    public interface Subscriber {
        PoolKey pool();

        /** Computes and sends the current answer; must not throw and must not block. */
        void push();

        /** Ends the stream cleanly (engine shutting down: KEDA reconnects to another replica). */
        void complete();
    }

    private final Map<PoolKey, Set<Subscriber>> byPool = new ConcurrentHashMap<>();
    private final Duration resendInterval;
    private ScheduledExecutorService resender;

    public ActivityStreams(ScalerConfig config, PoolIntents intents) {
        this.resendInterval = config.streamResendInterval();
        if (resendInterval.isZero() || resendInterval.isNegative()) {
            throw new IllegalStateException(
                    "odpe.scaler.stream-resend-interval must be positive, got " + resendInterval);
        }
        intents.onChange(this::pushTo);
    }

    void start(@Observes StartupEvent event) {
        resender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "odpe-stream-resend");
            thread.setDaemon(true);
            return thread;
        });
        long period = resendInterval.toMillis();
        resender.scheduleAtFixedRate(this::pushToAll, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (resender != null) {
            resender.shutdownNow();
        }
        byPool.values().forEach(subscribers -> subscribers.forEach(Subscriber::complete));
        byPool.clear();
    }

    public void subscribe(Subscriber subscriber) {
        byPool.computeIfAbsent(subscriber.pool(), k -> ConcurrentHashMap.newKeySet())
                .add(subscriber);
    }

    /** Called when the client cancels or the stream ends; idempotent. */
    public void unsubscribe(Subscriber subscriber) {
        byPool.computeIfPresent(subscriber.pool(), (k, subscribers) -> {
            subscribers.remove(subscriber);
            return subscribers.isEmpty() ? null : subscribers;
        });
    }

    /** Open streams, for tests and metrics. */
    public int size() {
        return byPool.values().stream().mapToInt(Set::size).sum();
    }

    private void pushTo(PoolKey pool) {
        Set<Subscriber> subscribers = byPool.get(pool);
        if (subscribers != null) {
            subscribers.forEach(ActivityStreams::safePush);
        }
    }

    private void pushToAll() {
        byPool.values().forEach(subscribers -> subscribers.forEach(ActivityStreams::safePush));
    }

    private static void safePush(Subscriber subscriber) {
        try {
            subscriber.push();
        } catch (RuntimeException e) {
            // One broken stream must not stop the others, nor the evaluation thread that changed an intent.
            Log.warnf("KEDA scaler: pushing to a StreamIsActive subscriber of %s failed: %s", subscriber.pool(), e);
        }
    }
}
