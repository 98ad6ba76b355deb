package dev.odpe.engine.decision;

/**
 * Work an executor answered {@link Outcome#IN_PROGRESS} for, started only once the decision is
 * recorded: whatever it reports later ({@code AuditLog.amend}) then always finds the decision. A value
 * like the rest of an {@link ExecutionResult}; the decision pipeline starts it right after the record,
 * on the evaluation thread, so it must only hand the work over (to the executor's own workers) and
 * return. It never throws: a failure to hand over is reported as an amendment, as data.
 */
@FunctionalInterface
public interface FollowUp {

    /** Nothing to start: the result is final. */
    FollowUp NONE = () -> {};

    void start();
}
