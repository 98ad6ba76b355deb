package dev.odpe.engine.decision;

import dev.odpe.rules.action.RemediationAction;
import java.time.Instant;
import java.util.List;

/**
 * A rule outcome after the safety rails: the desired change, computed apart from applying it.
 *
 * @param idempotencyKey same action from the same causes → same key → executed at most once
 * @param reason         why the planner chose {@code verdict}, for the audit
 * @param decisionId     the id the decision will be audited under (set by the pipeline before execution,
 *                       so slow actuators can report back to it and stamp it on what they change)
 */
public record PlannedAction(
        String rule,
        RemediationAction action,
        List<Cause> causes,
        Verdict verdict,
        boolean dryRun,
        String idempotencyKey,
        String reason,
        Instant plannedAt,
        String decisionId) {

    public PlannedAction {
        causes = List.copyOf(causes);
    }

    public PlannedAction withDecisionId(String id) {
        return new PlannedAction(rule, action, causes, verdict, dryRun, idempotencyKey, reason, plannedAt, id);
    }
}
