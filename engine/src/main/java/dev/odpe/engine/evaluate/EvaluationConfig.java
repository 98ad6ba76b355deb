package dev.odpe.engine.evaluate;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How the single evaluation thread is fed and paced. */
@ConfigMapping(prefix = "odpe.evaluation")
public interface EvaluationConfig {

    /** Ingest batches that may wait for evaluation; when full, webhooks get 503 and the sender retries. */
    @WithDefault("10000")
    @Min(1)
    int queueCapacity();

    /**
     * Firing alerts working memory may hold. Beyond it, batches that would add firing alerts are
     * refused (webhook 503 with Retry-After, Kafka waits); resolves are always admitted. Sized to the
     * base pod (768Mi, heap 75%): about 2 KB of heap per firing alert.
     */
    @WithDefault("200000")
    @Min(1)
    long maxAlerts();

    /**
     * How often the evaluation thread wakes when idle to move the session clock, so that expiries
     * and time windows close even when no alert arrives.
     */
    @WithDefault("1s")
    Duration tick();

    /** How long shutdown waits for accepted batches to be evaluated. */
    @WithDefault("30s")
    Duration drainTimeout();

    /**
     * Longest time one batch (or idle tick) may spend in the rule session and the decisions it leads
     * to; beyond it liveness fails, so a rule pack whose firing never ends gets the engine restarted.
     */
    @WithDefault("2m")
    Duration maxBatchDuration();
}
