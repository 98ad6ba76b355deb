package dev.odpe.engine.execute;

import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.leader.Leadership;
import dev.odpe.engine.leader.LeadershipState;
import dev.odpe.rules.action.RemediationAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one registration point for actuators: every {@link ActionExecutor} bean, keyed by the action
 * record it applies. Routes a plan to the dry-run recorder or to its live executor, and is the fence: a live
 * executor is called only while this replica holds the leader lease, checked right before the call.
 */
@ApplicationScoped
public class ActionExecutors {

    private final Map<Class<? extends RemediationAction>, ActionExecutor> live = new HashMap<>();
    private final DryRunRecorder dryRun;
    private final Leadership leadership;
    private final Counter fenced;

    /** Outside CDI (tests, tools): this process leads alone, so the fence never closes. */
    public ActionExecutors(Instance<ActionExecutor> executors, DryRunRecorder dryRun) {
        this(
                executors,
                dryRun,
                LeadershipState.sole("odpe-engine", Clock.systemUTC(), new SimpleMeterRegistry()),
                new SimpleMeterRegistry());
    }

    @Inject
    public ActionExecutors(
            @Any Instance<ActionExecutor> executors,
            DryRunRecorder dryRun,
            Leadership leadership,
            MeterRegistry meters) {
        this.dryRun = dryRun;
        this.leadership = leadership;
        this.fenced = Counter.builder("odpe.actions.fenced")
                .description("Live actions not applied because this replica no longer held the leader lease")
                .register(meters);
        for (ActionExecutor executor : executors) {
            ActionExecutor previous = live.put(executor.actionType(), executor);
            if (previous != null) {
                throw new IllegalStateException(
                        "two executors for " + executor.actionType().getSimpleName() + ": "
                                + previous.getClass().getName() + " and "
                                + executor.getClass().getName());
            }
        }
        Log.infof("Live action executors: %s", live.isEmpty() ? "none (dry-run recorder only)" : live.keySet());
    }

    private static Optional<ExecutionResult> exactDryRun(ActionExecutor executor, PlannedAction plan) {
        if (executor == null) {
            return Optional.empty();
        }
        try {
            return executor.dryRun(plan);
        } catch (RuntimeException e) {
            return Optional.empty(); // a broken dry-run must not cost the audit its record
        }
    }

    /** Applies an EXECUTE or WITHDRAW plan; suppressed plans never reach here. */
    public ExecutionResult apply(PlannedAction plan) {
        if (plan.verdict() != Verdict.EXECUTE && plan.verdict() != Verdict.WITHDRAW) {
            throw new IllegalArgumentException("only EXECUTE and WITHDRAW plans are applied, got " + plan.verdict());
        }
        ActionExecutor executor = live.get(plan.action().getClass());
        if (plan.dryRun()) {
            return exactDryRun(executor, plan).orElseGet(() -> dryRun.apply(plan));
        }
        if (executor == null) {
            return new ExecutionResult(
                    Outcome.NO_EXECUTOR,
                    "dry-run is off but no executor applies " + plan.action().type() + "; nothing was done");
        }
        if (!leadership.holdsLease()) {
            // The fence: another replica may lead by now and act on the same alert; this one must not.
            fenced.increment();
            Leadership.Status status = leadership.status();
            return ExecutionResult.transientFailure("not applied: replica " + status.identity()
                    + " no longer holds the leader lease (" + status.roleName() + "); the leader decides again");
        }
        try {
            return executor.apply(plan);
        } catch (RuntimeException e) {
            // A contract breach by the executor; still data for the audit, never a dead evaluation thread.
            return ExecutionResult.permanentFailure(executor.getClass().getSimpleName() + " threw " + e);
        }
    }
}
