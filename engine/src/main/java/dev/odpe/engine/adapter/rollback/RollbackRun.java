package dev.odpe.engine.adapter.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.engine.adapter.rollback.argocd.ApiCall;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.Redaction;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.rules.action.RollbackModel;
import io.quarkus.logging.Log;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One rollback as a small state machine whose steps are tasks on {@link RollbackSteps}: attempt →
 * (transient: the attempt again after a backoff) → watch reads, one every {@code watch-interval} →
 * outcome. A transient ending (a retryable failure, an operation already running, a watch that timed
 * out) is tried again with exponential backoff until the deadline, then the run gives up. No thread
 * waits for it between steps. At most one step of a run is pending at a time and the executors'
 * hand-off orders them, so its fields need no lock.
 */
final class RollbackRun {

    /** Argo CD's and our clocks may differ by this much when matching its operation to our request. */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final RollbackJob job;
    private final String decisionId;
    private final RollbackModel action;
    private final ModelTarget target;
    private final boolean dryRun;
    /** When the rollback was first requested (for a resumed run: before the restart). */
    private final Instant started;

    private final Instant deadline;
    private final boolean resumed;
    private final Consumer<RollbackEnding> onEnd;

    private int attempts;
    private Duration backoff;
    /** Our operation started at or after this (the accepting request's time, less the clock skew). */
    private Instant notBefore;
    /** What the accepted request did, the start of every outcome's detail; null until accepted. */
    private String accepted;

    private Instant watchEnds;
    private String lastSeen = "not read yet";

    RollbackRun(
            RollbackJob job,
            String decisionId,
            RollbackModel action,
            ModelTarget target,
            boolean dryRun,
            Instant started,
            int attempts,
            boolean resumed,
            Consumer<RollbackEnding> onEnd) {
        this.job = job;
        this.decisionId = decisionId;
        this.action = action;
        this.target = target;
        this.dryRun = dryRun;
        this.started = started;
        this.deadline = started.plus(job.deadline);
        this.attempts = attempts;
        this.resumed = resumed;
        this.onEnd = onEnd;
        this.backoff = job.config.backoff();
    }

    void start() {
        job.steps.now(() -> guarded(this::attempt));
    }

    void resume() {
        job.steps.now(() -> guarded(job.argocd == null ? this::attempt : this::probe));
    }

    /** One rollback request through the strategy (which never acts twice for one decision). */
    private void attempt() {
        attempts++;
        Instant requested = job.clock.instant();
        RollbackResult result = job.strategy.rollback(decisionId, action, target, dryRun);
        switch (result.status()) {
            case ROLLED_BACK -> watch(result.detail(), requested.minus(CLOCK_SKEW));
            case ALREADY_AWAY -> alreadyAway(result);
            case IN_PROGRESS -> retry(result.detail() + "; not rolled back (an operation was running)", this::attempt);
            case NO_GOOD_VERSION -> end(ExecutionResult.permanentFailure(result.detail()), false);
            case WOULD_ROLL_BACK ->
                end(new ExecutionResult(Outcome.DRY_RUN, result.detail() + "; request " + result.request()), false);
            case FAILED -> {
                if (!result.retryable()) {
                    end(ExecutionResult.permanentFailure(result.detail()), false);
                } else if (attempts >= job.config.attempts()) {
                    giveUp(result.detail() + " (after " + attempts() + "; odpe.rollback.argocd.attempts is "
                            + job.config.attempts() + ")");
                } else {
                    retry(result.detail(), this::attempt);
                }
            }
        }
    }

    /**
     * Away from the bad version already: someone else's doing on a first attempt; after an earlier
     * attempt of this decision (a retry, a resume), maybe ours, so it is watched when it can be.
     */
    private void alreadyAway(RollbackResult result) {
        boolean ours = attempts > 1 || resumed;
        if (!ours) {
            end(new ExecutionResult(Outcome.SUPPRESSED_DUPLICATE, result.detail()), false);
        } else if (job.argocd == null) {
            end(ExecutionResult.executed(result.detail() + "; an earlier attempt of this decision moved it"), false);
        } else {
            watch(result.detail() + "; an earlier attempt of this decision moved it", started.minus(CLOCK_SKEW));
        }
    }

    /** A resumed run's first step: did our operation start, end, or not begin before the restart? */
    private void probe() {
        ApiCall read = job.argocd.application(target.application());
        if (!(read instanceof ApiCall.Ok ok)) {
            retry(
                    "resuming after a restart: reading " + target.application() + " failed: "
                            + ((ApiCall.Failed) read).message(),
                    this::probe);
            return;
        }
        accepted = "resumed after a restart (rollback first requested " + started + ")";
        notBefore = started.minus(CLOCK_SKEW);
        JsonNode status = ok.body().path("status");
        if (!startedAfter(status.path("operationState").path("startedAt").asText(""), notBefore)) {
            attempt(); // our request never became an operation: go on from the attempt
            return;
        }
        Optional<ExecutionResult> ended = ended(status);
        if (ended.isPresent()) {
            end(ended.get(), false);
        } else {
            watchEnds = job.clock.instant().plus(job.config.watchTimeout());
            job.steps.after(job.config.watchInterval(), () -> guarded(this::read));
        }
    }

    /** The request was accepted: read the Application every watch-interval until the operation ends. */
    private void watch(String detail, Instant since) {
        if (job.argocd == null) {
            end(ExecutionResult.executed(detail + "; not watched (no Argo CD API configured)"), false);
            return;
        }
        accepted = detail;
        notBefore = since;
        watchEnds = job.clock.instant().plus(job.config.watchTimeout());
        job.steps.after(job.config.watchInterval(), () -> guarded(this::read));
    }

    private void read() {
        ApiCall read = job.argocd.application(target.application());
        if (read instanceof ApiCall.Ok ok) {
            Optional<ExecutionResult> ended = ended(ok.body().path("status"));
            if (ended.isPresent()) {
                end(ended.get(), false);
                return;
            }
        } else {
            lastSeen = ((ApiCall.Failed) read).message(); // a failed read says nothing about the rollback
        }
        if (job.clock.instant().isBefore(watchEnds)) {
            job.steps.after(job.config.watchInterval(), () -> guarded(this::read));
        } else {
            retry(
                    accepted + "; the operation had not ended after " + job.config.watchTimeout() + " (" + lastSeen
                            + ")",
                    this::read);
        }
    }

    /** The outcome when our operation (started at or after {@link #notBefore}) has ended. */
    private Optional<ExecutionResult> ended(JsonNode status) {
        JsonNode operation = status.path("operationState");
        if (!startedAfter(operation.path("startedAt").asText(""), notBefore)) {
            lastSeen = "our operation has not started yet";
            return Optional.empty();
        }
        String phase = operation.path("phase").asText("");
        lastSeen = "phase " + phase + ", sync "
                + status.path("sync").path("status").asText("?") + ", health "
                + status.path("health").path("status").asText("?");
        return switch (phase) {
            case "Succeeded" ->
                Optional.of(ExecutionResult.executed(accepted + "; Argo CD operation succeeded (" + lastSeen + ")"));
            case "Failed", "Error" ->
                Optional.of(ExecutionResult.permanentFailure(accepted + "; Argo CD operation " + phase + ": "
                        + operation.path("message").asText("")));
            default -> Optional.empty(); // Running / Terminating: keep watching
        };
    }

    /** Schedules {@code step} again after the backoff (doubled each time), or gives up at the deadline. */
    private void retry(String why, Runnable step) {
        Instant due = job.clock.instant().plus(backoff);
        if (due.isAfter(deadline)) {
            giveUp(why + " (after " + attempts() + "; retrying would pass odpe.rollback.deadline, " + job.deadline
                    + " after the decision)");
            return;
        }
        job.retried();
        Duration wait = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(job.config.maxBackoff()) > 0 ? job.config.maxBackoff() : doubled;
        job.steps.after(wait, () -> guarded(step));
    }

    private String attempts() {
        return attempts == 1 ? "1 attempt" : attempts + " attempts";
    }

    private void giveUp(String detail) {
        end(ExecutionResult.transientFailure(detail), true);
    }

    private void end(ExecutionResult result, boolean gaveUp) {
        onEnd.accept(new RollbackEnding(
                new ExecutionResult(result.outcome(), Redaction.text(result.detail())), attempts, gaveUp && !dryRun));
    }

    /** Every step: an unexpected exception ends the run as data, never a lost rollback. */
    private void guarded(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            Log.errorf(e, "Rollback for decision %s failed unexpectedly", decisionId);
            end(ExecutionResult.permanentFailure("the rollback job failed unexpectedly: " + e), false);
        }
    }

    private static boolean startedAfter(String startedAt, Instant notBefore) {
        try {
            return !Instant.parse(startedAt).isBefore(notBefore);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
