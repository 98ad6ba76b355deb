package dev.odpe.engine.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

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
}
