package dev.odpe.engine.adapter.rollback.argocd;

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

    static RollbackResult failed(String what, ApiCall.Failed failed) {
        String advice = switch (failed.reason()) {
            case AUTO_SYNC_ENABLED -> " — Argo CD refuses rollbacks while automated sync is on; use the git-pin "
                    + "strategy for auto-synced Applications, or let ODPE turn automated sync off first "
                    + "(odpe.rollback.argocd.disable-auto-sync=true)";
            case FORBIDDEN -> " — the token's project role needs 'applications, sync' on this Application";
            case UNAUTHORIZED -> " — check the mounted Argo CD token";
            default -> "";
        };
        return new RollbackResult(Status.FAILED, what + " failed (" + failed.reason() + (failed.reason().isTransient()
                ? ", transient" : ", permanent") + "): " + failed.message() + advice, null, failed.reason().isTransient());
    }

    RollbackResult withRequest(String body) {
        return new RollbackResult(status, detail, body, retryable);
    }
}
