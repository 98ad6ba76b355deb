package dev.odpe.engine.adapter.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.adapter.rollback.argocd.ApiCall;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationReader;
import dev.odpe.engine.adapter.rollback.argocd.RollbackStrategy;
import dev.odpe.engine.adapter.rollback.argocd.RollbackResult;
import dev.odpe.rules.action.RollbackModel;
import java.time.Duration;

/**
 * One rollback, run on a rollback worker, in named steps: attempt (retrying transient failures with
 * backoff) → watch Argo CD's operation until it ends or the watch times out → the final outcome for
 * the decision's audit entry.
 */
final class RollbackJob {

    /** One try of a strategy for one decision (the decision id goes into what it changes, e.g. a commit). */
    @FunctionalInterface
    interface Attempt {
        RollbackResult once(String decisionId, RollbackModel action, ModelApplications.Target target);
    }

    private final Attempt strategy;
    private final ApplicationReader argocd;
    private final RollbackConfig.ArgoCd config;

    /** A strategy of the Application (api, app-patch), watched through {@code argocd}; dry-run applies nothing. */
    RollbackJob(RollbackStrategy strategy, ApplicationReader argocd, RollbackConfig.ArgoCd config, boolean dryRun) {
        this((id, action, target) -> strategy.rollback(target.application(), target.version(), action.badVersion(),
                dryRun), argocd, config);
    }

    /** Any strategy; {@code argocd} null: not watched, accepted means done (e.g. a pushed commit, no Argo CD API). */
    RollbackJob(Attempt strategy, ApplicationReader argocd, RollbackConfig.ArgoCd config) {
        this.strategy = strategy;
        this.argocd = argocd;
        this.config = config;
    }

    /** Argo CD's and our clocks may differ by this much when matching its operation to our request. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    ExecutionResult run(String decisionId, RollbackModel action, ModelApplications.Target target)
            throws InterruptedException {
        java.time.Instant requested = java.time.Instant.now();
        RollbackResult result = attempt(decisionId, action, target);
        return switch (result.status()) {
            case ROLLED_BACK -> argocd == null
                    ? ExecutionResult.executed(result.detail() + "; not watched (no Argo CD API configured)")
                    : watch(target, result, requested.minus(CLOCK_SKEW));
            case ALREADY_AWAY -> new ExecutionResult(Outcome.SUPPRESSED_DUPLICATE, result.detail());
            case IN_PROGRESS -> ExecutionResult.transientFailure(result.detail()
                    + "; not rolled back (an operation was running); the alert's next decision may retry");
            case NO_GOOD_VERSION -> ExecutionResult.permanentFailure(result.detail());
            case WOULD_ROLL_BACK -> new ExecutionResult(Outcome.DRY_RUN, result.detail() + "; request " + result.request());
            case FAILED -> result.retryable() ? ExecutionResult.transientFailure(result.detail())
                    : ExecutionResult.permanentFailure(result.detail());
        };
    }

    private RollbackResult attempt(String decisionId, RollbackModel action, ModelApplications.Target target)
            throws InterruptedException {
        Duration wait = config.backoff();
        RollbackResult result = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            result = strategy.once(decisionId, action, target);
            if (result.status() != RollbackResult.Status.FAILED || !result.retryable()) {
                return result;
            }
            if (attempt < config.attempts()) {
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2);
            }
        }
        return new RollbackResult(result.status(), result.detail() + " (after " + config.attempts() + " attempts)",
                result.request(), true);
    }

    /** Watches the operation that started after {@code notBefore}; an older one is the previous sync's. */
    private ExecutionResult watch(ModelApplications.Target target, RollbackResult started, java.time.Instant notBefore)
            throws InterruptedException {
        long deadline = System.nanoTime() + config.watchTimeout().toNanos();
        String last = "not read yet";
        while (System.nanoTime() < deadline) {
            Thread.sleep(config.watchInterval().toMillis());
            ApiCall read = argocd.application(target.application());
            if (!(read instanceof ApiCall.Ok ok)) {
                last = ((ApiCall.Failed) read).message();
                continue; // a failed read while watching says nothing about the rollback
            }
            JsonNode status = ok.body().path("status");
            if (!startedAfter(status.path("operationState").path("startedAt").asText(""), notBefore)) {
                last = "our operation has not started yet";
                continue;
            }
            String phase = status.path("operationState").path("phase").asText("");
            last = "phase " + phase + ", sync " + status.path("sync").path("status").asText("?") + ", health "
                    + status.path("health").path("status").asText("?");
            switch (phase) {
                case "Succeeded" -> {
                    return ExecutionResult.executed(started.detail() + "; Argo CD operation succeeded (" + last + ")");
                }
                case "Failed", "Error" -> {
                    return ExecutionResult.permanentFailure(started.detail() + "; Argo CD operation " + phase + ": "
                            + status.path("operationState").path("message").asText(""));
                }
                default -> {
                    // Running / Terminating: keep watching
                }
            }
        }
        return ExecutionResult.transientFailure(started.detail() + "; the operation had not ended after "
                + config.watchTimeout() + " (" + last + ")");
    }

    private static boolean startedAfter(String startedAt, java.time.Instant notBefore) {
        try {
            return !java.time.Instant.parse(startedAt).isBefore(notBefore);
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
