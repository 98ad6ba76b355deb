package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.plan.PlannerConfig;
import dev.odpe.rules.action.Notify;
import dev.odpe.rules.action.RollbackModel;
import io.opentelemetry.api.trace.SpanContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Checks that a rollback helped: the alert that caused it must resolve within the window (the rules
 * then withdraw the {@code RollbackModel}, which the audit shows as a WITHDRAWN decision for the same
 * rule and target). If it has not, escalates with a {@code Notify} decision of its own, audited like
 * any other and applied (or recorded) by the Notify executor under the usual dry-run rules.
 */
final class RollbackVerifier {

    static final String RULE = "rollback-not-effective";

    private final AuditLog audit;
    private final ActionExecutors executors;
    private final PlannerConfig planner;
    private final Clock clock;

    RollbackVerifier(AuditLog audit, ActionExecutors executors, PlannerConfig planner, Clock clock) {
        this.audit = audit;
        this.executors = executors;
        this.planner = planner;
        this.clock = clock;
    }

    /** Called {@code window} after the rollback of {@code decision} succeeded. */
    void verify(Decision decision, Duration window) {
        boolean resolved = !audit.find(
                        d -> d.intent() == Decision.Intent.WITHDRAWN
                                && d.rule().equals(decision.rule())
                                && d.target().equals(decision.target())
                                && d.time().isAfter(decision.time()),
                        1)
                .isEmpty();
        if (resolved) {
            return;
        }
        RollbackModel rollback = (RollbackModel) decision.action();
        Notify notify = new Notify(
                rollback.target(),
                "page",
                "rollback-not-effective",
                "rolled " + rollback.model()
                        + " back from version " + rollback.badVersion() + " (decision " + decision.id()
                        + "), but the alert that "
                        + "caused it still fires " + window.toMinutes() + " min later: a person must look");
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        PlannedAction plan = new PlannedAction(
                RULE,
                notify,
                List.of(),
                Verdict.EXECUTE,
                planner.dryRunFor("Notify"),
                "verify:" + decision.id(),
                "escalation: the rollback did not resolve its alert",
                now,
                id);
        ExecutionResult result = executors.apply(plan);
        audit.record(
                new Decision(
                        id,
                        now,
                        RULE,
                        decision.ruleSetVersion(),
                        Decision.Intent.EMITTED,
                        decision.causes(),
                        notify,
                        decision.target(),
                        plan.idempotencyKey(),
                        plan.dryRun(),
                        result.outcome(),
                        result.detail(),
                        decision.traceId()),
                SpanContext.getInvalid());
        result.followUp().start(); // after the record, as the decision pipeline does
    }
}
