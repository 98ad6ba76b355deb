package dev.odpe.engine.adapter.rollback;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.adapter.rollback.argocd.ApiRollbackStrategy;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationPatchStrategy;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationResources;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdCircuitBreaker;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdClient;
import dev.odpe.engine.adapter.rollback.git.GitPinStrategy;
import dev.odpe.engine.adapter.rollback.git.GitRepo;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.RollbackModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Applies {@link RollbackModel} through Argo CD's rollback API (strategy 1). Runs only when
 * RollbackModel is live ({@code odpe.planner.dry-run=false} or {@code live-types=RollbackModel}). On the
 * evaluation thread it only checks the mapping and queues the job, answering {@code IN_PROGRESS};
 * a rollback worker runs it and amends the decision's audit entry with how it ended.
 */
@ApplicationScoped
public class ArgoCdRollbackExecutor implements ActionExecutor {

    private final RollbackConfig config;
    private final ModelApplications models;
    private final AuditLog audit;
    private final MeterRegistry meters;
    private final Map<String, RollbackJob> jobs = new java.util.HashMap<>();
    private final Map<String, RollbackJob> dryRunJobs = new java.util.HashMap<>();
    private final RollbackVerifier verifier;
    private final java.util.concurrent.ScheduledExecutorService verifications;
    private final ThreadPoolExecutor workers;
    private final Map<String, Counter> finished = new ConcurrentHashMap<>();

    public ArgoCdRollbackExecutor(RollbackConfig config, AuditLog audit, MeterRegistry meters, ObjectMapper json,
            io.fabric8.kubernetes.client.KubernetesClient kubernetes, Clock clock,
            dev.odpe.engine.execute.ActionExecutors executors, dev.odpe.engine.plan.PlannerConfig planner) {
        this.config = config;
        this.models = new ModelApplications(config);
        this.audit = audit;
        this.meters = meters;
        RollbackConfig.ArgoCd argocd = config.argocd();
        ArgoCdClient client = argocd.url().isEmpty() ? null : new ArgoCdClient(HttpClient.newBuilder()
                .connectTimeout(argocd.timeout()).build(), argocd.url().get(), argocd.tokenFile().orElseThrow(),
                argocd.timeout(), json, new ArgoCdCircuitBreaker(argocd.url().get(),
                        argocd.circuitBreaker().requestVolume(), argocd.circuitBreaker().failureRatio(),
                        argocd.circuitBreaker().delay()));
        ApplicationResources applications = new ApplicationResources(kubernetes, json);
        GitPinStrategy pin = config.git().url().map(url -> new GitPinStrategy(gitRepo(config.git()), clock)).orElse(null);
        for (boolean dryRun : new boolean[] {false, true}) {
            Map<String, RollbackJob> into = dryRun ? dryRunJobs : jobs;
            if (client != null) {
                into.put("api", new RollbackJob(new ApiRollbackStrategy(client, json, argocd.disableAutoSync()), client,
                        argocd, dryRun));
            }
            into.put("app-patch", new RollbackJob(new ApplicationPatchStrategy(applications), applications, argocd,
                    dryRun));
            if (pin != null) {
                into.put(ModelApplications.GIT_PIN, new RollbackJob((id, action, target) -> pin.pin(id, action,
                        target.values(), dryRun), client, argocd));
            }
        }
        this.verifier = new RollbackVerifier(audit, executors, planner, clock);
        this.verifications = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odpe-rollback-verify");
            t.setDaemon(true);
            return t;
        });
        this.workers = new ThreadPoolExecutor(config.workers(), config.workers(), 1, TimeUnit.MINUTES,
                new ArrayBlockingQueue<>(config.queueCapacity()), r -> {
                    Thread t = new Thread(r, "odpe-rollback");
                    t.setDaemon(true);
                    return t;
                });
    }

    private static GitRepo gitRepo(RollbackConfig.Git git) {
        return new GitRepo(git.url().orElseThrow(), git.branch(), git.workDir(), git.username(), git.tokenFile(),
                git.authorName(), git.authorEmail(), git.pushAttempts(), git.timeout(), git.historyDepth());
    }

    /** Builds the bean at start-up, so a bad model mapping fails the start, not the first rollback. */
    void validateAtStartup(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent event) {
        Log.infof("Argo CD rollback: %s", config.models().isEmpty() ? "no model mapped; RollbackModel fails when live"
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
    public java.util.Optional<ExecutionResult> dryRun(PlannedAction plan) {
        RollbackModel action = (RollbackModel) plan.action();
        if (plan.verdict() == Verdict.WITHDRAW || models.of(action.namespace(), action.model()).isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(start(plan, true));
    }

    private ExecutionResult start(PlannedAction plan, boolean dryRun) {
        RollbackModel action = (RollbackModel) plan.action();
        if (plan.verdict() == Verdict.WITHDRAW) {
            return new ExecutionResult(Outcome.WITHDRAWN, "a rollback is not undone when its alert resolves; nothing to do");
        }
        var target = models.of(action.namespace(), action.model());
        if (target.isEmpty()) {
            return ExecutionResult.permanentFailure("no Argo CD Application is mapped for model " + action.namespace()
                    + "/" + action.model() + ": set odpe.rollback.models.\"" + action.namespace() + "/" + action.model()
                    + "\".application and odpe.rollback.argocd.url / token-file (engine/README.md, Argo CD rollback)");
        }
        try {
            RollbackJob job = (dryRun ? dryRunJobs : jobs).get(target.get().strategy());
            workers.execute(() -> runAndAmend(job, plan.decisionId(), action, target.get(), dryRun));
        } catch (RejectedExecutionException e) {
            return ExecutionResult.transientFailure(config.queueCapacity() + " rollbacks are already waiting "
                    + "(odpe.rollback.queue-capacity); not queued");
        }
        return new ExecutionResult(Outcome.IN_PROGRESS, (dryRun ? "dry-run: computing the exact change for the " : "")
                + "rollback of " + action.namespace() + "/" + action.model() + " away from "
                + "version " + action.badVersion() + " queued (strategy " + target.get().strategy()
                + "); the outcome amends this decision");
    }

    private void runAndAmend(RollbackJob job, String decisionId, RollbackModel action,
            ModelApplications.Target target, boolean dryRun) {
        ExecutionResult result;
        try {
            result = job.run(decisionId, action, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result = ExecutionResult.transientFailure("the engine stopped while the rollback ran; check Argo CD");
        } catch (RuntimeException e) {
            result = ExecutionResult.permanentFailure("the rollback job failed unexpectedly: " + e);
            Log.errorf(e, "Rollback for decision %s failed unexpectedly", decisionId);
        }
        finished.computeIfAbsent(result.outcome().name(), o -> Counter.builder("odpe.rollbacks")
                .description("Argo CD rollbacks by final outcome").tag("outcome", o).register(meters)).increment();
        if (!audit.amend(decisionId, result.outcome(), result.detail())) {
            Log.warnf("Rollback for decision %s ended %s (%s), but the decision has left the in-memory audit window",
                    decisionId, result.outcome(), result.detail());
            return;
        }
        if (!dryRun && result.outcome() == Outcome.EXECUTED) {
            audit.byId(decisionId).ifPresent(decision -> verifications.schedule(() -> verifySafely(decision),
                    config.verifyWithin().toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void verifySafely(dev.odpe.engine.decision.Decision decision) {
        try {
            verifier.verify(decision, config.verifyWithin());
        } catch (RuntimeException e) {
            Log.errorf(e, "Verifying rollback decision %s failed", decision.id());
        }
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        verifications.shutdownNow();
    }
}
