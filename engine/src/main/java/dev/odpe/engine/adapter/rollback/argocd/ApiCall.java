package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;

/** What one call to argocd-server returned: the JSON answer, or a classified failure. */
public sealed interface ApiCall {

    record Ok(JsonNode body) implements ApiCall {}

    record Failed(Reason reason, int status, String message) implements ApiCall {

        /** This failure as the result of a rollback attempt, with advice for the reasons a person can fix. */
        public RollbackResult asRollbackResult(String what) {
            String advice = switch (reason) {
                case AUTO_SYNC_ENABLED ->
                    " — Argo CD refuses rollbacks while automated sync is on; use the git-pin "
                            + "strategy for auto-synced Applications, or let ODPE turn automated sync off first "
                            + "(odpe.rollback.argocd.disable-auto-sync=true)";
                case FORBIDDEN -> " — the token's project role needs 'applications, sync' on this Application";
                case UNAUTHORIZED -> " — check the mounted Argo CD token";
                default -> "";
            };
            return new RollbackResult(
                    RollbackResult.Status.FAILED,
                    what + " failed (" + reason + (reason.isTransient() ? ", transient" : ", permanent") + "): "
                            + message + advice,
                    null,
                    reason.isTransient());
        }
    }

    /** Why a call failed; {@link #isTransient()} says whether retrying later can help. */
    enum Reason {
        /** HTTP 400 "rollback cannot be initiated when auto-sync is enabled". */
        AUTO_SYNC_ENABLED(false),
        /** HTTP 400 "application … does not have deployment with id …". */
        UNKNOWN_HISTORY_ID(false),
        /** "another operation is already in progress": a sync or rollback runs on the Application now. */
        OPERATION_IN_PROGRESS(true),
        /** HTTP 404: no such Application (name, appNamespace, project). */
        APPLICATION_NOT_FOUND(false),
        /** HTTP 403: the token's project role may not do this (needs {@code applications, sync}). */
        FORBIDDEN(false),
        /** HTTP 401: the token is missing, expired or revoked. */
        UNAUTHORIZED(false),
        /** Any other 4xx: the request is wrong and retrying will not fix it. */
        REJECTED(false),
        /** HTTP 5xx. */
        SERVER_ERROR(true),
        /** No answer within the timeout. */
        TIMEOUT(true),
        /** Connection refused or reset, DNS. */
        UNREACHABLE(true),
        /** Not called: the endpoint's circuit breaker is open after repeated transient failures. */
        CIRCUIT_OPEN(true);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }
}
