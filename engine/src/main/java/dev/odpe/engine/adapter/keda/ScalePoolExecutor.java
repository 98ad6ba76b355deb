package dev.odpe.engine.adapter.keda;

import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.ScalePool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Applies {@link ScalePool} by recording a boost intent that the KEDA external scaler serves; KEDA
 * and the HPA do the actual scaling. Runs only with {@code odpe.planner.dry-run=false}.
 */
@ApplicationScoped
public class ScalePoolExecutor implements ActionExecutor {

    private final PoolIntents intents;

    public ScalePoolExecutor(PoolIntents intents) {
        this.intents = intents;
    }

    @Override
    public Class<? extends RemediationAction> actionType() {
        return ScalePool.class;
    }

    @Override
    public ExecutionResult apply(PlannedAction plan) {
        ScalePool action = (ScalePool) plan.action();
        String pool = new PoolKey(action.namespace(), action.pool()).toString();
        if (plan.verdict() == Verdict.WITHDRAW) {
            boolean wasLive = intents.withdraw(action);
            return new ExecutionResult(
                    Outcome.WITHDRAWN,
                    wasLive
                            ? "withdrew boost of " + action.step() + " on pool " + pool
                            : "no live boost on pool " + pool + " (it had expired); nothing to withdraw");
        }
        Instant until = intents.boost(action);
        return ExecutionResult.executed("boost intent of " + action.step() + " replicas for reason "
                + action.reason() + " (at most " + action.maxBoost() + " in total) on pool " + pool
                + ", held while its alert fires (lease renewed; lapses at " + until + " if not renewed)"
                + "; served to KEDA by the external scaler");
    }
}
