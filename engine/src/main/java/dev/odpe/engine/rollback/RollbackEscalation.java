package dev.odpe.engine.rollback;

import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.audit.Decision;
import dev.odpe.engine.config.PlannerConfig;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.execute.ExecutionResult;
import dev.odpe.engine.execute.Outcome;
import dev.odpe.engine.plan.PlannedAction;
import dev.odpe.engine.plan.Verdict;
import dev.odpe.rules.action.Notify;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.action.Target;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Records how a rollback's verification ended. Verified: the rollback decision's detail says when
 * the alert resolved. Not effective: its detail says so, and a {@code Notify} decision (rule
 * {@value #RULE}, same causes and trace) escalates to people through the usual executors — dry-run
 * recorder or, when {@code Notify} is live, its executor.
 */
final class RollbackEscalation implements RollbackVerifier.Escalation {

    static final String RULE = "rollback-verification";

    private final AuditLog audit;
    private final Instance<ActionExecutors> executors;
    private final PlannerConfig planner;
    private final Clock clock;
    private final String severity;
    private final MeterRegistry meters;

    RollbackEscalation(AuditLog audit, Instance<ActionExecutors> executors, PlannerConfig planner, Clock clock,
            String severity, MeterRegistry meters) {
        this.audit = audit;
        this.executors = executors;
        this.planner = planner;
        this.clock = clock;
        this.severity = severity;
        this.meters = meters;
    }

    @Override
    public void verified(String decisionId, Duration afterRollback) {
        count("verified");
        amend(decisionId, "; verified: its alert resolved " + afterRollback.toSeconds() + "s after the rollback ended");
    }

    @Override
    public void notEffective(String decisionId, RollbackModel action, Duration window) {
        count("not_effective");
        Optional<Decision> rollback = audit.byId(decisionId);
        String message = "rolled " + action.namespace() + "/" + action.model() + " back from version "
                + action.badVersion() + " (decision " + decisionId + "), but its " + action.reason()
                + " alert still fires " + window + " later; a person should look";
        Notify notify = new Notify(Target.model(action.namespace(), action.model()), severity, "rollback-not-effective",
                message);
        String id = UUID.randomUUID().toString();
        boolean dryRun = planner.dryRunFor(notify.type());
        PlannedAction plan = new PlannedAction(RULE, notify, List.of(), Verdict.EXECUTE, dryRun,
                "verify:" + decisionId, "rollback not verified within " + window, clock.instant(), id);
        ExecutionResult result = executors.get().apply(plan);
        audit.record(new Decision(id, clock.instant(), RULE, rollback.map(Decision::ruleSetVersion).orElse(""),
                Decision.Intent.EMITTED, rollback.map(Decision::causes).orElse(List.of()), notify,
                notify.target().key(), plan.idempotencyKey(), dryRun, result.outcome(), result.detail(),
                rollback.map(Decision::traceId).orElse("")), SpanContext.getInvalid());
        amend(decisionId, "; NOT verified: its alert still fired " + window + " after the rollback ended; escalated "
                + "as decision " + id + " (Notify)");
        Log.warnf("Rollback decision %s not verified: %s", decisionId, message);
    }

    private void amend(String decisionId, String addition) {
        Optional<Decision> rollback = audit.byId(decisionId);
        Outcome outcome = rollback.map(Decision::outcome).orElse(Outcome.EXECUTED);
        if (rollback.isEmpty() || !audit.amend(decisionId, outcome, rollback.get().detail() + addition)) {
            Log.infof("Rollback decision %s has left the in-memory audit window%s", decisionId, addition);
        }
    }

    private void count(String result) {
        meters.counter("odpe.rollback.verifications", "result", result).increment();
    }
}
