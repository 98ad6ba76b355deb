package dev.odpe.engine.decision;

import java.util.Objects;

/**
 * What applying one planned action did; failures are data, never exceptions across this boundary.
 *
 * @param followUp for {@link Outcome#IN_PROGRESS}: what to start once the decision is recorded
 *                 ({@link FollowUp#NONE} for a final result)
 */
public record ExecutionResult(Outcome outcome, String detail, FollowUp followUp) {

    public ExecutionResult {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
        followUp = followUp == null ? FollowUp.NONE : followUp;
    }

    public ExecutionResult(Outcome outcome, String detail) {
        this(outcome, detail, FollowUp.NONE);
    }

    /** Handed to slow work that {@code followUp} starts once the decision is recorded; it amends the decision. */
    public static ExecutionResult inProgress(String detail, FollowUp followUp) {
        return new ExecutionResult(Outcome.IN_PROGRESS, detail, Objects.requireNonNull(followUp, "followUp"));
    }

    public static ExecutionResult executed(String detail) {
        return new ExecutionResult(Outcome.EXECUTED, detail);
    }

    public static ExecutionResult transientFailure(String detail) {
        return new ExecutionResult(Outcome.FAILED_TRANSIENT, detail);
    }

    public static ExecutionResult permanentFailure(String detail) {
        return new ExecutionResult(Outcome.FAILED_PERMANENT, detail);
    }
}
