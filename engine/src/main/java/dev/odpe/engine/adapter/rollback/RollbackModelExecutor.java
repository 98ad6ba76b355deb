package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.decide.Amendments;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.plan.PlannerConfig;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.RollbackModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Applies {@link RollbackModel} with the strategy its model is mapped to (Argo CD's rollback API, an
 * Application patch or a Git pin). Runs only when RollbackModel is live ({@code odpe.planner.dry-run=false}
 * or {@code live-types=RollbackModel}), or in dry-run for a mapped model to compute the exact change. On
 * the evaluation thread it only checks the mapping and answers {@code IN_PROGRESS} with a follow-up that
 * queues the job once the decision is recorded; a rollback worker runs it and amends the decision's audit
 * entry with how it ended (the entry is always there by then, however fast the job).
 */
@ApplicationScoped
public class RollbackModelExecutor implements ActionExecutor {

    private final RollbackConfig config;
    private final ModelApplications models;
    private final RollbackJobs jobs;
    private final RollbackThreads threads;
    private final AuditLog audit;
    private final Amendments amendments;
    private final MeterRegistry meters;
    private final RollbackVerifier verifier;
    private final Map<String, Counter> finished = new ConcurrentHashMap<>();

    public RollbackModelExecutor(
            RollbackConfig config,
            RollbackJobs jobs,
            RollbackThreads threads,
            AuditLog audit,
            Amendments amendments,
            MeterRegistry meters,
            Clock clock,
            ActionExecutors executors,
            PlannerConfig planner) {
        this.config = config;
        this.models = new ModelApplications(config);
        this.jobs = jobs;
        this.threads = threads;
        this.audit = audit;
        this.amendments = amendments;
        this.meters = meters;
        this.verifier = new RollbackVerifier(audit, executors, planner, clock);
    }

    /** Builds the bean at start-up, so a bad model mapping fails the start, not the first rollback. */
    void validateAtStartup(@Observes StartupEvent event) {
        Log.infof(
                "Argo CD rollback: %s",
                config.models().isEmpty()
                        ? "no model mapped; RollbackModel fails when live"
                        : "models " + config.models().keySet());
    }

    @Override
    public Class<? extends RemediationAction> actionType() {
        return RollbackModel.class;
    }

    @Override
    public ExecutionResult apply(PlannedAction plan) {
        return start(plan, false);
    }

    /**
     * For a mapped model, dry-run computes the exact change (reads the Application or clones the repo,
     * off the evaluation thread) and amends the decision with it; unmapped models get the generic record.
     */
    @Override
    public Optional<ExecutionResult> dryRun(PlannedAction plan) {
        RollbackModel action = (RollbackModel) plan.action();
        if (plan.verdict() == Verdict.WITHDRAW
                || models.of(action.namespace(), action.model()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(start(plan, true));
    }

    private ExecutionResult start(PlannedAction plan, boolean dryRun) {
        RollbackModel action = (RollbackModel) plan.action();
        if (plan.verdict() == Verdict.WITHDRAW) {
            return new ExecutionResult(
                    Outcome.WITHDRAWN, "a rollback is not undone when its alert resolves; nothing to do");
        }
        var target = models.of(action.namespace(), action.model());
        if (target.isEmpty()) {
            return ExecutionResult.permanentFailure("no Argo CD Application is mapped for model " + action.namespace()
                    + "/" + action.model() + ": set odpe.rollback.models.\"" + action.namespace() + "/" + action.model()
                    + "\".application and odpe.rollback.argocd.url / token-file (docs/operations/argocd-git.md)");
        }
        Optional<RollbackJob> job = jobs.of(target.get().strategy());
        if (job.isEmpty()) { // ModelApplications refuses such a mapping at start-up; kept as data, never a throw
            return ExecutionResult.permanentFailure("strategy " + target.get().strategy() + " of model "
                    + action.namespace() + "/" + action.model() + " is not configured");
        }
        if (threads.workers().getQueue().remainingCapacity() == 0) {
            // Only the evaluation thread queues rollbacks, so the room seen here is still there after the record.
            return ExecutionResult.transientFailure(config.queueCapacity() + " rollbacks are already waiting "
                    + "(odpe.rollback.queue-capacity); not queued");
        }
        String decisionId = plan.decisionId();
        return ExecutionResult.inProgress(
                (dryRun ? "dry-run: computing the exact change for the " : "")
                        + "rollback of " + action.namespace() + "/" + action.model() + " away from "
                        + "version " + action.badVersion() + " queued (strategy "
                        + target.get().strategy()
                        + "); the outcome amends this decision",
                () -> queue(decisionId, () -> runAndAmend(job.get(), decisionId, action, target.get(), dryRun)));
    }

    /** The follow-up, run once the decision is recorded: hands the job to a rollback worker. */
    private void queue(String decisionId, Runnable job) {
        try {
            threads.workers().execute(job);
        } catch (RejectedExecutionException e) {
            amendments.amend(
                    decisionId,
                    Outcome.FAILED_TRANSIENT,
                    "the rollback could not be queued ("
                            + (threads.workers().isShutdown()
                                    ? "the engine is stopping"
                                    : config.queueCapacity()
                                            + " rollbacks are already waiting, odpe.rollback.queue-capacity")
                            + "); nothing was done");
        }
    }

    private void runAndAmend(
            RollbackJob job, String decisionId, RollbackModel action, ModelTarget target, boolean dryRun) {
        ExecutionResult result;
        try {
            result = job.run(decisionId, action, target, dryRun);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = ExecutionResult.transientFailure("the engine stopped while the rollback ran; check Argo CD");
        } catch (RuntimeException e) {
            result = ExecutionResult.permanentFailure("the rollback job failed unexpectedly: " + e);
            Log.errorf(e, "Rollback for decision %s failed unexpectedly", decisionId);
        }
        finished.computeIfAbsent(
                        result.outcome().name(),
                        o -> Counter.builder("odpe.rollbacks")
                                .description("Argo CD rollbacks by final outcome")
                                .tag("outcome", o)
                                .register(meters))
                .increment();
        if (!amendments.amend(decisionId, result.outcome(), result.detail())) {
            Log.warnf(
                    "Rollback for decision %s ended %s (%s), but the decision has left the in-memory audit window",
                    decisionId, result.outcome(), result.detail());
            return;
        }
        if (!dryRun && result.outcome() == Outcome.EXECUTED) {
            audit.byId(decisionId)
                    .ifPresent(decision -> threads.verifications()
                            .schedule(
                                    () -> verifySafely(decision),
                                    config.verifyWithin().toMillis(),
                                    TimeUnit.MILLISECONDS));
        }
    }

    private void verifySafely(Decision decision) {
        try {
            verifier.verify(decision, config.verifyWithin());
        } catch (RuntimeException e) {
            Log.errorf(e, "Verifying rollback decision %s failed", decision.id());
        }
    }
}
