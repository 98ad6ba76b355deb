package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.RollbackStrategy;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.audit.AuditConfig;
import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.audit.AuditLogWriter;
import dev.odpe.engine.decide.Amendments;
import dev.odpe.engine.decide.DecisionPipeline;
import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.evaluate.BoundedEvaluationQueue;
import dev.odpe.engine.evaluate.EvaluationConfig;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.execute.DryRunRecorder;
import dev.odpe.engine.ledger.InMemoryRemediationLedger;
import dev.odpe.engine.plan.Planner;
import dev.odpe.engine.plan.PlannerConfig;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.runtime.RuleOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The order of a rollback decision's record and its amendment, through the real decision pipeline. */
class RollbackAmendmentOrderTest {

    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AuditConfig auditConfig = ConfigStub.of(
            AuditConfig.class,
            Map.of("capacity", 100, "maxPage", 100, "logQueueCapacity", 100, "logDrainTimeout", Duration.ofSeconds(5)));
    private final AuditLogWriter writer = new AuditLogWriter(auditConfig, new ObjectMapper(), meters);
    private final AuditLog audit =
            new AuditLog(auditConfig, writer, (decision, span, amendment) -> CompletableFuture.completedFuture(null));
    private final InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(Clock.systemUTC());
    /** The fastest possible rollback worker: the step runs the moment it is handed over. */
    private final ThreadPoolExecutor immediateWorkers =
            new ThreadPoolExecutor(1, 1, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(10)) {
                @Override
                public void execute(Runnable job) {
                    job.run();
                }
            };

    private final RollbackThreads threads =
            new RollbackThreads(immediateWorkers, Executors.newSingleThreadScheduledExecutor());

    @AfterEach
    void stop() {
        threads.timer().shutdownNow();
        immediateWorkers.shutdownNow();
    }

    @Test
    void givenARollbackThatEndsAtOnceWhenItsDecisionIsMadeThenTheDecisionIsAmendedWithTheFinalOutcome() {
        // Given RollbackModel is live and bert's rollback ends the moment a worker runs it
        PlannerConfig plannerConfig = ConfigStub.of(
                PlannerConfig.class,
                Map.of(
                        "dryRun",
                        false,
                        "cooldown",
                        Duration.ofMinutes(10),
                        "cooldownByType",
                        Map.of(),
                        "idempotencyTtl",
                        Duration.ofHours(24),
                        "maxRemembered",
                        1000,
                        "liveTypes",
                        Optional.empty()));
        RollbackStrategy instant = new RollbackStrategy() {
            @Override
            public StrategyKey key() {
                return StrategyKey.APP_PATCH;
            }

            @Override
            public RollbackResult rollback(
                    String decisionId, RollbackModel action, ModelTarget target, boolean dryRun) {
                return new RollbackResult(RollbackResult.Status.ROLLED_BACK, "pinned version 7", null, false);
            }
        };
        RollbackJobs jobs = new RollbackJobs(Map.of(
                StrategyKey.APP_PATCH,
                new RollbackJob(
                        instant,
                        null,
                        ConfigStub.of(
                                RollbackConfig.ArgoCd.class, Map.of("attempts", 1, "backoff", Duration.ofMillis(1))),
                        Duration.ofMinutes(15),
                        Clock.systemUTC(),
                        threads,
                        () -> {})));
        ActionExecutors executors = new ActionExecutors(
                instanceOf(List.of(new RollbackModelExecutor(
                        rollbackConfig(),
                        jobs,
                        threads,
                        audit,
                        new Amendments(audit, ledger),
                        meters,
                        Clock.systemUTC(),
                        new BoundedEvaluationQueue(
                                ConfigStub.of(EvaluationConfig.class, Map.of("queueCapacity", 10, "maxAlerts", 10L)),
                                meters)))),
                new DryRunRecorder());
        DecisionPipeline pipeline = new DecisionPipeline(
                new Planner(plannerConfig, Clock.fixed(T0, java.time.ZoneOffset.UTC)),
                executors,
                audit,
                ledger,
                OpenTelemetry.noop().getTracer("test"),
                meters,
                Clock.fixed(T0, java.time.ZoneOffset.UTC));

        // When the rules ask for the rollback
        Decision decided = pipeline.decide(
                        new RuleOutcome.Emitted("errors-after-deploy-rolls-back", BERT_8, List.of("fp-1")),
                        List.of(new Cause("fp-1", T0, "TritonErrorsHigh")),
                        "test",
                        Context.root())
                .decision();

        // Then the recorded decision carries the rollback's final outcome, not IN_PROGRESS
        assertThat(audit.byId(decided.id())).get().satisfies(decision -> {
            assertThat(decision.outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(decision.detail()).contains("pinned version 7");
        });
    }

    private static RollbackConfig rollbackConfig() {
        RollbackConfig.ModelMapping bert = ConfigStub.of(
                RollbackConfig.ModelMapping.class,
                Map.of(
                        "application",
                        "bert-serving",
                        "strategy",
                        "app-patch",
                        "appNamespace",
                        "argocd",
                        "project",
                        "ml-models",
                        "helmParameter",
                        Optional.of("model.version"),
                        "kustomizeImage",
                        Optional.empty(),
                        "valuesFile",
                        Optional.empty(),
                        "valuesKey",
                        Optional.empty()));
        return ConfigStub.of(
                RollbackConfig.class,
                Map.of(
                        "models",
                        Map.of("ml-serving/bert", bert),
                        "verifyWithin",
                        Duration.ofMinutes(15),
                        "deadline",
                        Duration.ofMinutes(15),
                        "workers",
                        1,
                        "queueCapacity",
                        10,
                        "argocd",
                        ConfigStub.of(RollbackConfig.ArgoCd.class, Map.of("url", Optional.empty())),
                        "git",
                        ConfigStub.of(RollbackConfig.Git.class, Map.of("url", Optional.empty()))));
    }

    @SuppressWarnings("unchecked")
    private static Instance<ActionExecutor> instanceOf(List<ActionExecutor> executors) {
        return (Instance<ActionExecutor>) Proxy.newProxyInstance(
                Instance.class.getClassLoader(),
                new Class<?>[] {Instance.class},
                (self, method, args) -> switch (method.getName()) {
                    case "iterator" -> executors.iterator();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
