package dev.odpe.engine.adapter.keda;

import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the boosts this process holds alive while their alerts fire: every {@link #RENEW_EVERY_SECONDS}
 * seconds, {@link PoolIntents#renewHeld()} extends each held intent with less than half its TTL left.
 * Alertmanager's re-sends of a firing alert are dropped as repeats, so without this a boost would lapse
 * after its TTL while its alert still fires. The TTL remains the safety net for a withdrawal that can
 * never come (this process stopped: its rule session is gone).
 */
@ApplicationScoped
public class IntentLeases {

    static final long RENEW_EVERY_SECONDS = 5;

    private final PoolIntents intents;
    private ScheduledExecutorService renewer;

    public IntentLeases(PoolIntents intents) {
        this.intents = intents;
    }

    void start(@Observes StartupEvent event) {
        renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odpe-intent-leases");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renewSafely, RENEW_EVERY_SECONDS, RENEW_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (renewer != null) {
            renewer.shutdownNow();
        }
    }

    private void renewSafely() {
        try {
            intents.renewHeld();
        } catch (RuntimeException e) {
            Log.error("KEDA scaler: renewing held ScalePool intents failed; next attempt as scheduled", e);
        }
    }
}
