package dev.odpe.engine.decision;

import java.util.Objects;

/** What applying one planned action did; failures are data, never exceptions across this boundary. */
public record ExecutionResult(Outcome outcome, String detail) {

    public ExecutionResult {
        Objects.requireNonNull(outcome, "outcome");
        detail = detail == null ? "" : detail;
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
