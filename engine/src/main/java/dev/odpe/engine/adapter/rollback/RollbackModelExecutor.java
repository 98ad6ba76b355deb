package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.decide.Amendments;
import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.RollbackModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Applies {@link RollbackModel} with the strategy its model is mapped to (Argo CD's rollback API, an
 * Application patch or a Git pin). Runs only when RollbackModel is live ({@code odpe.planner.dry-run=false}
 * or {@code live-types=RollbackModel}), or in dry-run for a mapped model to compute the exact change. On
 * the evaluation thread it only checks the mapping and answers {@code IN_PROGRESS} with a follow-up that
 * starts the rollback once the decision is recorded; the rollback then runs as scheduled steps
 * ({@link RollbackRun}) and amends the decision's audit entry with how it ended (the entry is always there
 * by then, however fast the rollback). A live rollback that gave up at {@code odpe.rollback.deadline}, or
 * that did not resolve its alert within {@code verify-within}, is escalated through the evaluation loop.
 */
@ApplicationScoped
public class RollbackModelExecutor implements ActionExecutor {

    private final RollbackConfig config;
    private final ModelApplications models;
    private final RollbackJobs jobs;
    private final RollbackSteps steps;
    private final AuditLog audit;
    private final Amendments amendments;
    private final MeterRegistry meters;
    private final RollbackEscalations escalations;
    private final RollbackVerifier verifier;
    /** Decisions whose rollback started and has not ended (waiting for a worker, running, watched or to retry). */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private final Map<String, Counter> finished = new ConcurrentHashMap<>();

    public RollbackModelExecutor(
            RollbackConfig config,
            RollbackJobs jobs,
            RollbackSteps steps,
            AuditLog audit,
            Amendments amendments,
            MeterRegistry meters,
            Clock clock,
            EvaluationQueue evaluation) {
        this.config = config;
        this.models = new ModelApplications(config);
        this.jobs = jobs;
        this.steps = steps;
        this.audit = audit;
        this.amendments = amendments;
        this.meters = meters;
        this.escalations = new RollbackEscalations(evaluation, steps, clock, meters);
        this.verifier = new RollbackVerifier(audit, escalations);
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

    /**
     * Resumes one live rollback that was in flight when the engine (this replica or another) stopped,
     * e.g. from the remediation ledger at start-up: re-reads Argo CD (or Git) and records how our
     * operation ended, watches it if it still runs, or goes on from the attempt if it never started.
     * Its outcome amends the decision like a fresh rollback's; giving up escalates.
     *
     * @param causes    the rollback decision's causes (alert fingerprints), for an escalation
     * @param startedAt when the rollback was started (its deadline counts from here)
     * @param attempts  rollback requests already tried
     * @return false when nothing was resumed (the model is no longer mapped, the rollback already runs
     *     here, or the engine is at {@code odpe.rollback.queue-capacity} or stopping); the reason is logged
     */
    public boolean resume(
            String decisionId, RollbackModel action, List<String> causes, Instant startedAt, int attempts) {
        Optional<ModelTarget> target = models.of(action.namespace(), action.model());
        Optional<RollbackJob> job = target.flatMap(t -> jobs.of(t.strategy()));
        if (job.isEmpty()) {
            Log.warnf(
                    "Not resuming rollback %s of %s/%s: the model is not mapped (or its strategy not configured)",
                    decisionId, action.namespace(), action.model());
            return false;
        }
        if (inFlight.size() >= config.queueCapacity()) {
            Log.warnf("Not resuming rollback %s: %d rollbacks are in flight", decisionId, config.queueCapacity());
            return false;
        }
        if (!inFlight.add(decisionId)) {
            Log.infof("Not resuming rollback %s: it is still running here", decisionId);
            return false;
        }
        try {
            job.get()
                    .resume(
                            decisionId,
                            action,
                            target.get(),
                            startedAt,
                            attempts,
                            ending -> finish(decisionId, action, causes, false, ending));
            return true;
        } catch (RejectedExecutionException e) {
            inFlight.remove(decisionId);
            Log.warnf("Not resuming rollback %s: the engine is stopping", decisionId);
            return false;
        }
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
        if (inFlight.size() >= config.queueCapacity()) {
            // Only the evaluation thread starts rollbacks, so the room seen here is still there after the record.
            return ExecutionResult.transientFailure(config.queueCapacity() + " rollbacks are already in flight "
                    + "(odpe.rollback.queue-capacity); not started");
        }
        String decisionId = plan.decisionId();
        List<String> causes = plan.causes().stream().map(Cause::fingerprint).toList();
        return ExecutionResult.inProgress(
                (dryRun ? "dry-run: computing the exact change for the " : "")
                        + "rollback of " + action.namespace() + "/" + action.model() + " away from "
                        + "version " + action.badVersion() + " started (strategy "
                        + target.get().strategy()
                        + "); the outcome amends this decision",
                () -> begin(job.get(), decisionId, action, target.get(), causes, dryRun));
    }

    /** The follow-up, run once the decision is recorded: hands the first step to a rollback worker. */
    private void begin(
            RollbackJob job,
            String decisionId,
            RollbackModel action,
            ModelTarget target,
            List<String> causes,
            boolean dryRun) {
        inFlight.add(decisionId);
        try {
            job.start(decisionId, action, target, dryRun, ending -> finish(decisionId, action, causes, dryRun, ending));
        } catch (RejectedExecutionException e) {
            inFlight.remove(decisionId);
            amend(
                    decisionId,
                    Outcome.FAILED_TRANSIENT,
                    "the rollback could not be started (the engine is stopping); nothing was done");
        }
    }

    private void finish(
            String decisionId, RollbackModel action, List<String> causes, boolean dryRun, RollbackEnding ending) {
        inFlight.remove(decisionId);
        ExecutionResult result = ending.result();
        finished.computeIfAbsent(
                        result.outcome().name(),
                        o -> Counter.builder("odpe.rollbacks")
                                .description("Argo CD rollbacks by final outcome")
                                .tag("outcome", o)
                                .register(meters))
                .increment();
        if (!amend(decisionId, result.outcome(), result.detail())) {
            Log.warnf(
                    "Rollback for decision %s ended %s (%s), but the decision has left the in-memory audit window",
                    decisionId, result.outcome(), result.detail());
        }
        if (ending.gaveUp()) {
            escalations.escalate(
                    RollbackEscalations.GAVE_UP,
                    action,
                    causes,
                    "could not roll " + action.namespace() + "/" + action.model() + " back from version "
                            + action.badVersion() + " (decision " + decisionId + ") before odpe.rollback.deadline ("
                            + config.deadline() + "): " + result.detail() + "; a person must look");
        }
        if (!dryRun && result.outcome() == Outcome.EXECUTED) {
            audit.byId(decisionId)
                    .ifPresent(decision -> steps.onTimer(config.verifyWithin(), () -> verifySafely(decision)));
        }
    }

    /**
     * Every amendment of a rollback decision goes through here: the one line to change when the
     * remediation ledger's {@code Amendments} (audit and ledger together) replaces the audit alone.
     */
    private boolean amend(String decisionId, Outcome outcome, String detail) {
        return amendments.amend(decisionId, outcome, detail);
    }

    private void verifySafely(Decision decision) {
        try {
            verifier.verify(decision, config.verifyWithin());
        } catch (RuntimeException e) {
            Log.errorf(e, "Verifying rollback decision %s failed", decision.id());
        }
    }
}
