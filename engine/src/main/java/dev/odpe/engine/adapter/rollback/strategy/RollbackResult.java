package dev.odpe.engine.adapter.rollback.strategy;

/**
 * What one rollback attempt did, for the audit.
 *
 * @param request   the request body sent (or, in dry-run, that would be sent); null when none was built
 * @param retryable true only for a failure a later attempt may fix (5xx, timeout, unreachable)
 */
public record RollbackResult(Status status, String detail, String request, boolean retryable) {

    public enum Status {
        /** Argo CD accepted the rollback; its operation now runs (watch it to know how it ends). */
        ROLLED_BACK,
        /** Dry-run: the request was computed and recorded, not sent. */
        WOULD_ROLL_BACK,
        /** The Application already serves another version: nothing sent. */
        ALREADY_AWAY,
        /** An operation runs on the Application: nothing sent, never two at once. */
        IN_PROGRESS,
        /** No history entry serves another version. */
        NO_GOOD_VERSION,
        FAILED
    }

    /** The same result with the request that was (or would have been) sent. */
    public RollbackResult withRequest(String body) {
        return new RollbackResult(status, detail, body, retryable);
    }
}
