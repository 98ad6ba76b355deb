package dev.odpe.engine.adapter.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.engine.adapter.rollback.argocd.ApiCall;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationReader;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.Redaction;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.RollbackStrategy;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.rules.action.RollbackModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One rollback, run on a rollback worker, in named steps: attempt (retrying transient failures with
 * backoff) → watch Argo CD's operation until it ends or the watch times out → the final outcome for
 * the decision's audit entry.
 */
final class RollbackJob {

    /** Argo CD's and our clocks may differ by this much when matching its operation to our request. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final RollbackStrategy strategy;
    private final ApplicationReader argocd;
    private final RollbackConfig.ArgoCd config;
    private final Clock clock;

    /**
     * @param argocd reads the Application to watch Argo CD's operation; null: not watched, accepted means
     *               done (e.g. a pushed commit with no Argo CD API configured)
     */
    RollbackJob(RollbackStrategy strategy, ApplicationReader argocd, RollbackConfig.ArgoCd config, Clock clock) {
        this.strategy = strategy;
        this.argocd = argocd;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Runs the rollback of {@code decisionId}; in dry-run it computes the change and applies nothing. The
     * outcome's detail has URL credentials redacted, whatever the strategy or a server's error put in it.
     */
    ExecutionResult run(String decisionId, RollbackModel action, ModelTarget target, boolean dryRun)
            throws InterruptedException {
        ExecutionResult outcome = unredacted(decisionId, action, target, dryRun);
        return new ExecutionResult(outcome.outcome(), Redaction.text(outcome.detail()), outcome.followUp());
    }

    private ExecutionResult unredacted(String decisionId, RollbackModel action, ModelTarget target, boolean dryRun)
            throws InterruptedException {
        Instant requested = clock.instant();
        RollbackResult result = attempt(decisionId, action, target, dryRun);
        return switch (result.status()) {
            case ROLLED_BACK ->
                argocd == null
                        ? ExecutionResult.executed(result.detail() + "; not watched (no Argo CD API configured)")
                        : watch(target, result, requested.minus(CLOCK_SKEW));
            case ALREADY_AWAY -> new ExecutionResult(Outcome.SUPPRESSED_DUPLICATE, result.detail());
            case IN_PROGRESS ->
                ExecutionResult.transientFailure(result.detail()
                        + "; not rolled back (an operation was running); the alert's next decision may retry");
            case NO_GOOD_VERSION -> ExecutionResult.permanentFailure(result.detail());
            case WOULD_ROLL_BACK ->
                new ExecutionResult(Outcome.DRY_RUN, result.detail() + "; request " + result.request());
            case FAILED ->
                result.retryable()
                        ? ExecutionResult.transientFailure(result.detail())
                        : ExecutionResult.permanentFailure(result.detail());
        };
    }

    private RollbackResult attempt(String decisionId, RollbackModel action, ModelTarget target, boolean dryRun)
            throws InterruptedException {
        Duration wait = config.backoff();
        RollbackResult result = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            result = strategy.rollback(decisionId, action, target, dryRun);
            if (result.status() != RollbackResult.Status.FAILED || !result.retryable()) {
                return result;
            }
            if (attempt < config.attempts()) {
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2);
            }
        }
        return new RollbackResult(
                result.status(),
                result.detail() + " (after " + config.attempts() + " attempts)",
                result.request(),
                true);
    }

    /** Watches the operation that started after {@code notBefore}; an older one is the previous sync's. */
    private ExecutionResult watch(ModelTarget target, RollbackResult started, Instant notBefore)
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
            last = "phase " + phase + ", sync "
                    + status.path("sync").path("status").asText("?") + ", health "
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
        return ExecutionResult.transientFailure(
                started.detail() + "; the operation had not ended after " + config.watchTimeout() + " (" + last + ")");
    }

    private static boolean startedAfter(String startedAt, Instant notBefore) {
        try {
            return !Instant.parse(startedAt).isBefore(notBefore);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
