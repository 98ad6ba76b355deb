package dev.odpe.engine.execute;

import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import jakarta.enterprise.context.ApplicationScoped;

/** Applies nothing: says exactly what would be done, for the audit. Serves every action type. */
@ApplicationScoped
public class DryRunRecorder {

    public ExecutionResult apply(PlannedAction plan) {
        String what = ActionDescriptions.describe(plan.action());
        if (plan.verdict() == Verdict.WITHDRAW) {
            return new ExecutionResult(Outcome.WITHDRAWN, "dry-run: would withdraw: " + what);
        }
        return new ExecutionResult(Outcome.DRY_RUN, "dry-run: would " + what);
    }
}
