package dev.odpe.engine.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Once a minute, on its own daemon thread ({@code odpe-ledger-retention}): deletes finished remediations
 * older than {@code odpe.ledger.retention} and counts the rest by phase ({@code odpe_remediations{phase}}).
 * In-flight ones (Pending, InProgress) are never deleted. Starting it also builds the ledger at start-up,
 * so a live engine without a durable ledger fails there.
 */
@ApplicationScoped
public class LedgerRetention {

    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final RemediationLedger ledger;
    private final Duration retention;
    private final Clock clock;
    private final Map<Phase, AtomicLong> byPhase = new EnumMap<>(Phase.class);
    private ScheduledExecutorService timer;

    public LedgerRetention(RemediationLedger ledger, LedgerConfig config, Clock clock, MeterRegistry meters) {
        this.ledger = ledger;
        this.retention = config.retention();
        this.clock = clock;
        for (Phase phase : Phase.values()) {
            AtomicLong count = new AtomicLong();
            byPhase.put(phase, count);
            Gauge.builder("odpe.remediations", count, AtomicLong::doubleValue)
                    .description("Remediations in the ledger by phase (counted every minute)")
                    .tag("phase", phase.display())
                    .register(meters);
        }
    }

    void start(@Observes StartupEvent event) {
        Log.debugf("Ledger retention: %s, every %s", ledger.describe(), SWEEP_INTERVAL);
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "odpe-ledger-retention");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::sweepSafely, 0, SWEEP_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** One pass: delete what is finished and older than the retention, then count what is left. */
    public void sweep() {
        Instant horizon = clock.instant().minus(retention);
        LedgerResult.Deletion deletion = ledger.deleteFinishedBefore(horizon);
        if (deletion instanceof LedgerResult.Deleted deleted && deleted.count() > 0) {
            Log.infof("Deleted %d finished remediations older than %s", deleted.count(), retention);
        } else if (deletion instanceof LedgerResult.Unavailable unavailable) {
            Log.warnf("Ledger retention: %s; trying again in %s", unavailable.reason(), SWEEP_INTERVAL);
        }
        if (ledger.list() instanceof LedgerResult.Listed listed) {
            Map<Phase, Long> counts = new EnumMap<>(Phase.class);
            listed.entries().forEach(e -> counts.merge(e.status().phase(), 1L, Long::sum));
            byPhase.forEach((phase, gauge) -> gauge.set(counts.getOrDefault(phase, 0L)));
        }
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            Log.errorf(e, "Ledger retention pass failed");
        }
    }
}
