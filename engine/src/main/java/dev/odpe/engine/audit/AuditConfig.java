package dev.odpe.engine.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** The in-memory decision log behind {@code GET /api/v1/decisions}; every decision is also logged. */
@ConfigMapping(prefix = "odpe.audit")
public interface AuditConfig {

    /** Decisions kept in memory, newest first; older ones remain in the structured log only. */
    @WithDefault("10000")
    @Min(1)
    int capacity();

    /** Largest page {@code GET /api/v1/decisions} returns. */
    @WithDefault("1000")
    @Min(1)
    @Max(100000)
    int maxPage();

    /**
     * Decisions waiting for their {@code dev.odpe.audit} log line. When full, evaluation waits for the
     * writer (and ingest then answers 503) rather than drop a line.
     */
    @WithDefault("10000")
    @Min(1)
    int logQueueCapacity();

    /** How long shutdown waits for pending audit lines to be written. */
    @WithDefault("10s")
    Duration logDrainTimeout();
}
