package dev.odpe.engine.decide;

import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.plan.Planner;
import dev.odpe.rules.runtime.RuleOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one rule outcome into one audited decision, in named steps: plan (safety rails), execute
 * (or record), audit, start the executor's follow-up (slow work that amends the decision later, only
 * once the decision is recorded), count. Each decision gets its own span, a child of the webhook's span; while it
 * is current, Quarkus puts its trace and span ids in the logging MDC (the audit writer does the same for
 * the audit line it writes on its own thread).
 */
@ApplicationScoped
public class DecisionPipeline {

    /** The stage of a decision with nowhere further to go (no decisions stream configured). */
    public static final CompletionStage<Void> PUBLISHED = CompletableFuture.completedStage(null);

    /** A recorded decision and its publication on the decisions stream (complete at once without one). */
    public record Recorded(Decision decision, CompletionStage<Void> published) {}

    private final Planner planner;
    private final ActionExecutors executors;
    private final AuditLog audit;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Registering a counter per decision costs a registry lookup; the label sets are few, so keep them. */
    private final Map<CounterKey, Counter> decisionCounters = new ConcurrentHashMap<>();

    private final TargetCounters targetCounters;

    private record CounterKey(String rule, String action, Outcome outcome) {}

    public DecisionPipeline(
            Planner planner,
            ActionExecutors executors,
            AuditLog audit,
            Tracer tracer,
            MeterRegistry meters,
            Clock clock) {
        this.planner = planner;
        this.executors = executors;
        this.audit = audit;
        this.tracer = tracer;
        this.meters = meters;
        this.clock = clock;
        this.targetCounters = new TargetCounters(meters);
    }

    public Recorded decide(RuleOutcome outcome, List<Cause> causes, String ruleSetVersion, Context trigger) {
        Span span = tracer.spanBuilder("odpe.decision")
                .setParent(trigger)
                .setAttribute("odpe.rule", outcome.rule())
                .setAttribute("odpe.action", outcome.action().type())
                .setAttribute("odpe.target", outcome.action().target().key())
                .startSpan();
        ActionLabels.of(outcome.action()).addTo(span);
        try (Scope ignored = span.makeCurrent()) {
            PlannedAction plan =
                    plan(outcome, causes).withDecisionId(UUID.randomUUID().toString());
            ExecutionResult result = execute(plan);
            Recorded recorded = record(outcome, plan, result, ruleSetVersion, span);
            startFollowUp(plan, result); // after the record: what it amends later is always there
            count(recorded.decision());
            span.setAttribute("odpe.outcome", result.outcome().name());
            span.setAttribute("odpe.decision.id", recorded.decision().id());
            return recorded;
        } finally {
            span.end();
        }
    }

    private PlannedAction plan(RuleOutcome outcome, List<Cause> causes) {
        if (outcome instanceof RuleOutcome.Withdrawn) {
            return planner.planWithdrawn(outcome.rule(), outcome.action(), causes);
        }
        return planner.planEmitted(outcome.rule(), outcome.action(), causes);
    }

    private ExecutionResult execute(PlannedAction plan) {
        return switch (plan.verdict()) {
            case EXECUTE, WITHDRAW -> executors.apply(plan);
            case SUPPRESS_COOLDOWN -> new ExecutionResult(Outcome.SUPPRESSED_COOLDOWN, plan.reason());
            case SUPPRESS_DUPLICATE -> new ExecutionResult(Outcome.SUPPRESSED_DUPLICATE, plan.reason());
        };
    }

    private void startFollowUp(PlannedAction plan, ExecutionResult result) {
        try {
            result.followUp().start();
        } catch (RuntimeException e) { // a contract breach by the executor; still data for the audit
            Log.errorf(e, "Starting the work of decision %s failed", plan.decisionId());
            audit.amend(plan.decisionId(), Outcome.FAILED_PERMANENT, "starting the work failed: " + e);
        }
    }

    private Recorded record(
            RuleOutcome outcome, PlannedAction plan, ExecutionResult result, String ruleSetVersion, Span span) {
        Decision.Intent intent =
                outcome instanceof RuleOutcome.Withdrawn ? Decision.Intent.WITHDRAWN : Decision.Intent.EMITTED;
        Decision decision = new Decision(
                plan.decisionId(),
                clock.instant(),
                outcome.rule(),
                ruleSetVersion,
                intent,
                outcome.causes(),
                outcome.action(),
                outcome.action().target().key(),
                plan.idempotencyKey(),
                plan.dryRun(),
                result.outcome(),
                result.detail(),
                span.getSpanContext().getTraceId());
        return new Recorded(decision, audit.record(decision, span.getSpanContext()));
    }

    private void count(Decision decision) {
        CounterKey key = new CounterKey(decision.rule(), decision.action().type(), decision.outcome());
        decisionCounters
                .computeIfAbsent(
                        key,
                        k -> Counter.builder("odpe.decisions")
                                .description("Decisions by rule, action type and outcome")
                                .tag("rule", k.rule())
                                .tag("action", k.action())
                                .tag("outcome", k.outcome().name())
                                .register(meters))
                .increment();
        targetCounters.count(decision);
    }
}
