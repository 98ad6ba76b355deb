package dev.odpe.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.audit.AuditConfig;
import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.audit.AuditLogWriter;
import dev.odpe.engine.decide.DecisionPipeline;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.evaluate.journal.InputJournal;
import dev.odpe.engine.evaluate.journal.JournalConfig;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.execute.DryRunRecorder;
import dev.odpe.engine.ledger.InMemoryRemediationLedger;
import dev.odpe.engine.plan.Planner;
import dev.odpe.engine.plan.PlannerConfig;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.Notify;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.Target;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule-less outcome an adapter submits (an escalation) is decided like a rule's own: on the evaluation
 * thread, through the planner's idempotency and dry-run, the executor and the audit.
 */
class SubmittedOutcomeTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final Notify PAGE = new Notify(
            Target.model("ml-serving", "bert"), "page", "rollback-gave-up", "could not roll bert back (decision d-1)");

    @TempDir
    Path pack;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(T0);
    private final List<String> executedOn = new CopyOnWriteArrayList<>();
    private EvaluationLoop loop;
    private AuditLog audit;
    private BoundedEvaluationQueue queue;

    @AfterEach
    void stop() {
        if (loop != null) {
            loop.onStop(null);
        }
    }

    @Test
    void anEscalationSubmittedTwiceIsDecidedOnTheEvaluationThreadAndTheSecondIsADuplicate() throws Exception {
        // Given a running evaluation loop whose Notify executor notes the thread it is called on
        start();

        // When an adapter submits the same escalation twice
        RuleOutcome escalation = new RuleOutcome.Emitted("rollback-gave-up", PAGE, List.of("fp-1"));
        assertThat(queue.offer(IngestBatch.decide("rollback", T0, List.of(escalation), BatchCallback.NONE)))
                .isTrue();
        assertThat(queue.offer(IngestBatch.decide("rollback", T0, List.of(escalation), BatchCallback.NONE)))
                .isTrue();

        // Then both are audited under the rule; the planner ran the first on the evaluation thread and
        // suppressed the second by its idempotency key
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        audit.find(d -> d.rule().equals("rollback-gave-up"), 10).size() == 2);
        List<Decision> decisions = audit.find(d -> d.rule().equals("rollback-gave-up"), 10);
        assertThat(decisions)
                .extracting(Decision::outcome)
                .containsExactly(Outcome.SUPPRESSED_DUPLICATE, Outcome.DRY_RUN);
        assertThat(decisions.get(1).causes()).containsExactly("fp-1");
        assertThat(decisions.get(1).ruleSetVersion()).isNotBlank();
        assertThat(executedOn).containsExactly("odpe-evaluation");
    }

    private void start() throws Exception {
        Files.writeString(pack.resolve("never.drl"), """
                package dev.odpe.rules.pack;

                rule "never"
                when
                    eval(false)
                then
                end
                """);
        RulesConfig rules = ConfigStub.of(
                RulesConfig.class,
                Map.of("dir", Optional.of(pack), "scaleStep", 2, "boostTtl", Duration.ofMinutes(15), "maxBoost", 8));
        EvaluationConfig config = ConfigStub.of(
                EvaluationConfig.class,
                Map.of(
                        "queueCapacity",
                        10,
                        "tick",
                        Duration.ofMillis(50),
                        "drainTimeout",
                        Duration.ofSeconds(5),
                        "maxBatchDuration",
                        Duration.ofMinutes(2),
                        "maxAlerts",
                        1_000L));
        AuditConfig auditConfig = ConfigStub.of(
                AuditConfig.class,
                Map.of(
                        "capacity",
                        100,
                        "maxPage",
                        100,
                        "logQueueCapacity",
                        100,
                        "logDrainTimeout",
                        Duration.ofSeconds(5)));
        audit = new AuditLog(
                auditConfig,
                new AuditLogWriter(auditConfig, new ObjectMapper(), meters),
                (decision, span, amendment) -> CompletableFuture.completedFuture(null));
        PlannerConfig planner = ConfigStub.of(
                PlannerConfig.class,
                Map.of(
                        "dryRun",
                        true,
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
        ActionExecutor notify = new ActionExecutor() {
            @Override
            public Class<? extends RemediationAction> actionType() {
                return Notify.class;
            }

            @Override
            public ExecutionResult apply(PlannedAction plan) {
                throw new AssertionError("Notify is dry-run here");
            }

            @Override
            public Optional<ExecutionResult> dryRun(PlannedAction plan) {
                executedOn.add(Thread.currentThread().getName());
                return Optional.empty();
            }
        };
        DecisionPipeline pipeline = new DecisionPipeline(
                new Planner(planner, clock),
                new ActionExecutors(instanceOf(List.of(notify)), new DryRunRecorder()),
                audit,
                new InMemoryRemediationLedger(clock),
                OpenTelemetry.noop().getTracer("test"),
                meters,
                clock);
        queue = new BoundedEvaluationQueue(config, meters);
        loop = new EvaluationLoop(
                queue,
                new RulePackProvider(rules, clock, meters),
                new ShadowComparisons(meters),
                pipeline,
                config,
                rules,
                clock,
                new InputJournal(
                        ConfigStub.of(JournalConfig.class, Map.of("enabled", false, "queueCapacity", 10)),
                        line -> {},
                        meters),
                meters);
        loop.onStart(null);
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
