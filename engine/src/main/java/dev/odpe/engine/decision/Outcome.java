package dev.odpe.engine.decision;

/** How a decision ended, as recorded in the audit and in {@code odpe_decisions_total{outcome}}. */
public enum Outcome {
    /** Applied to the real system. */
    EXECUTED,
    /**
     * Handed to a slow actuator (e.g. an Argo CD rollback) that runs off the evaluation thread; the
     * decision's audit entry is amended with the final outcome when it ends.
     */
    IN_PROGRESS,
    /** Dry-run: what would have been done was recorded, nothing was changed. */
    DRY_RUN,
    /** A live intent was withdrawn (or, in dry-run, would have been). */
    WITHDRAWN,
    SUPPRESSED_COOLDOWN,
    SUPPRESSED_DUPLICATE,
    /** Dry-run is off but no executor is registered for this action type. */
    NO_EXECUTOR,
    /** Failed for a reason that may pass (timeout, 5xx, connection refused): safe to retry. */
    FAILED_TRANSIENT,
    /** Failed for a reason that will not pass by retrying (4xx, refused by policy, bad mapping). */
    FAILED_PERMANENT
}
