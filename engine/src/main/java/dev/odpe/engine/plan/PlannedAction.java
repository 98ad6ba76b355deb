package dev.odpe.engine.plan;

import dev.odpe.engine.evaluate.Cause;
import dev.odpe.rules.action.RemediationAction;
import java.time.Instant;
import java.util.List;

/**
 * A rule outcome after the safety rails: the desired change, computed apart from applying it.
 *
 * @param idempotencyKey same action from the same causes → same key → executed at most once
 * @param reason         why the planner chose {@code verdict}, for the audit
 */
public record PlannedAction(
        String rule,
        RemediationAction action,
        List<Cause> causes,
        Verdict verdict,
        boolean dryRun,
        String idempotencyKey,
        String reason,
        Instant plannedAt) {

    public PlannedAction {
        causes = List.copyOf(causes);
    }
}
