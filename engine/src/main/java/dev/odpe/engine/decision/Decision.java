package dev.odpe.engine.decision;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.odpe.rules.action.RemediationAction;
import java.time.Instant;
import java.util.List;

/**
 * One audited decision: what a rule asked for, why, what the safety rails decided and what
 * happened. The JSON form is the public audit API ({@code GET /api/v1/decisions}).
 *
 * @param intent   EMITTED when a rule asked for the action, WITHDRAWN when its justification went away
 * @param causes   fingerprints of the alerts the rule matched
 * @param target   {@code action.target().key()}, repeated at top level for filtering
 * @param traceId  the OpenTelemetry trace of the decision span (same trace as the webhook that caused it)
 * @param ruleSetCommit the Git commit the rule pack came from ({@code odpe.rules.git.url}); absent (left out of
 *                 the JSON) for a pack from a directory or the bundled one
 */
public record Decision(
        String id,
        Instant time,
        String rule,
        String ruleSetVersion,
        Intent intent,
        List<String> causes,
        @JsonSerialize(using = ActionJsonSerializer.class) RemediationAction action,
        String target,
        String idempotencyKey,
        boolean dryRun,
        Outcome outcome,
        String detail,
        String traceId,
        @JsonInclude(JsonInclude.Include.NON_NULL) String ruleSetCommit) {

    public enum Intent {
        EMITTED,
        WITHDRAWN
    }

    public Decision {
        causes = List.copyOf(causes);
    }

    /** A decision of a pack that did not come from Git. */
    public Decision(
            String id,
            Instant time,
            String rule,
            String ruleSetVersion,
            Intent intent,
            List<String> causes,
            RemediationAction action,
            String target,
            String idempotencyKey,
            boolean dryRun,
            Outcome outcome,
            String detail,
            String traceId) {
        this(
                id,
                time,
                rule,
                ruleSetVersion,
                intent,
                causes,
                action,
                target,
                idempotencyKey,
                dryRun,
                outcome,
                detail,
                traceId,
                null);
    }

    /** The same decision with the outcome a slow actuator reported when it finished. */
    public Decision withOutcome(Outcome finalOutcome, String finalDetail) {
        return new Decision(
                id,
                time,
                rule,
                ruleSetVersion,
                intent,
                causes,
                action,
                target,
                idempotencyKey,
                dryRun,
                finalOutcome,
                finalDetail,
                traceId,
                ruleSetCommit);
    }
}
