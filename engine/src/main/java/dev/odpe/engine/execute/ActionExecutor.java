package dev.odpe.engine.execute;

import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.rules.action.RemediationAction;
import java.util.Optional;

/**
 * Applies planned actions of one type to the real world (KEDA intents, Argo CD, ...). One file per
 * actuator; register it by making it a CDI bean — {@link ActionExecutors} finds it. See
 * CONTRIBUTING.md, "Add an actuator".
 *
 * <p>Implementations must not throw: every failure becomes an {@link ExecutionResult} whose
 * outcome says whether a retry can help.
 */
public interface ActionExecutor {

    /** The action record this executor applies, e.g. {@code ScalePool.class}. */
    Class<? extends RemediationAction> actionType();

    /** Applies an {@link dev.odpe.engine.decision.Verdict#EXECUTE} or {@link dev.odpe.engine.decision.Verdict#WITHDRAW} plan. */
    ExecutionResult apply(PlannedAction plan);

    /**
     * In dry-run, computes exactly what {@link #apply} would change (a request body, a Git diff) without
     * changing it. Empty (the default): the generic {@link DryRunRecorder} describes the action instead.
     */
    default Optional<ExecutionResult> dryRun(PlannedAction plan) {
        return Optional.empty();
    }
}
