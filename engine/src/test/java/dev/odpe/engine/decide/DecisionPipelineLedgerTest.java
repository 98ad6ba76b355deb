package dev.odpe.engine.decide;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.audit.AuditConfig;
import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.audit.AuditLogWriter;
import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.execute.DryRunRecorder;
import dev.odpe.engine.ledger.InMemoryRemediationLedger;
import dev.odpe.engine.ledger.LedgerEntry;
import dev.odpe.engine.ledger.LedgerResult;
import dev.odpe.engine.ledger.Phase;
import dev.odpe.engine.ledger.Remediation;
import dev.odpe.engine.ledger.RemediationLedger;
import dev.odpe.engine.ledger.StatusUpdate;
import dev.odpe.engine.plan.IdempotencyKey;
import dev.odpe.engine.plan.Planner;
import dev.odpe.engine.plan.PlannerConfig;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.rules.runtime.RuleOutcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Commit before act: what the decision pipeline does with the remediation ledger around the actuator. */
class DecisionPipelineLedgerTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");
    private static final List<Cause> CAUSES = List.of(new Cause("fp-1", T0, "TritonErrorsHigh"));
    private static final String RULE = "errors-after-deploy-rolls-back";

    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AuditConfig auditConfig = ConfigStub.of(
            AuditConfig.class,
            Map.of("capacity", 100, "maxPage", 100, "logQueueCapacity", 100, "logDrainTimeout", Duration.ofSeconds(5)));
    private final AuditLog audit = new AuditLog(
            auditConfig,
            new AuditLogWriter(auditConfig, new ObjectMapper(), meters),
            (decision, span, amendment) -> CompletableFuture.completedFuture(null));

    /** The rollback actuator; remembers, for each call, what the ledger held at that moment. */
    private class RecordingActuator implements ActionExecutor {
        final List<List<LedgerEntry>> ledgerAtEachCall = new ArrayList<>();
        private final RemediationLedger ledger;

        RecordingActuator(RemediationLedger ledger) {
            this.ledger = ledger;
        }

        @Override
        public Class<? extends RemediationAction> actionType() {
            return RollbackModel.class;
        }

        @Override
        public ExecutionResult apply(PlannedAction plan) {
            ledgerAtEachCall.add(((LedgerResult.Listed) ledger.list()).entries());
            return ExecutionResult.executed("pinned version 7");
        }
    }

    private DecisionPipeline pipeline(boolean dryRun, RemediationLedger ledger, ActionExecutor actuator) {
        PlannerConfig planner = ConfigStub.of(
                PlannerConfig.class,
                Map.of(
                        "dryRun", dryRun,
                        "cooldown", Duration.ofMinutes(10),
                        "cooldownByType", Map.of(),
                        "idempotencyTtl", Duration.ofHours(24),
                        "maxRemembered", 1000,
                        "liveTypes", Optional.empty()));
        return new DecisionPipeline(
                new Planner(planner, clock),
                new ActionExecutors(instanceOf(List.of(actuator)), new DryRunRecorder()),
                audit,
                ledger,
                OpenTelemetry.noop().getTracer("test"),
                meters,
                clock);
    }

    private static Decision decide(DecisionPipeline pipeline) {
        return pipeline.decide(new RuleOutcome.Emitted(RULE, BERT_8, List.of("fp-1")), CAUSES, "v1", Context.root())
                .decision();
    }

    @Test
    void aLiveActionIsCommittedAsOneRemediationBeforeTheActuatorIsCalled() {
        // Given a live pipeline over an empty ledger
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        RecordingActuator actuator = new RecordingActuator(ledger);
        DecisionPipeline pipeline = pipeline(false, ledger, actuator);

        // When the rules ask for a rollback
        Decision decision = decide(pipeline);

        // Then when the actuator ran, its remediation was already committed, and it then became Succeeded
        assertThat(actuator.ledgerAtEachCall).hasSize(1);
        assertThat(actuator.ledgerAtEachCall.get(0)).singleElement().satisfies(entry -> {
            assertThat(entry.remediation().decisionId()).isEqualTo(decision.id());
            assertThat(entry.status().phase()).isEqualTo(Phase.PENDING);
        });
        assertThat(((LedgerResult.Listed) ledger.list()).entries())
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.name()).isEqualTo("r-" + decision.idempotencyKey());
                    assertThat(entry.status().phase()).isEqualTo(Phase.SUCCEEDED);
                    assertThat(entry.status().attempts()).isEqualTo(1);
                });
        assertThat(decision.outcome()).isEqualTo(Outcome.EXECUTED);
        assertThat(meters.counter("odpe.ledger.commits", "result", "created").count())
                .isEqualTo(1);
    }

    @Test
    void anActionAnotherReplicaAlreadyCommittedIsSuppressedWithoutCallingTheActuator() {
        // Given the ledger already holds this rollback, committed by another replica
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        ledger.commit(new Remediation(
                IdempotencyKey.of(BERT_8, CAUSES),
                "decision-on-b",
                BERT_8,
                RULE,
                "v1",
                List.of("fp-1@" + T0),
                "",
                "odpe-engine-b",
                T0));
        ledger.update("decision-on-b", StatusUpdate.to(Phase.IN_PROGRESS, "watching Argo CD"));
        RecordingActuator actuator = new RecordingActuator(ledger);
        DecisionPipeline pipeline = pipeline(false, ledger, actuator);

        // When this replica decides the same rollback
        Decision decision = decide(pipeline);

        // Then the actuator is not called, and the decision names the remediation, its phase and holder
        assertThat(actuator.ledgerAtEachCall).isEmpty();
        assertThat(decision.outcome()).isEqualTo(Outcome.SUPPRESSED_DUPLICATE);
        assertThat(decision.detail())
                .contains("Remediation r-" + IdempotencyKey.of(BERT_8, CAUSES))
                .contains("phase InProgress")
                .contains("holder odpe-engine-b");
        assertThat(meters.counter("odpe.ledger.commits", "result", "conflict").count())
                .isEqualTo(1);
    }

    @Test
    void aPoolBoostAnotherLeaderAlreadyCommittedIsAssertedAgain() {
        // Given the ledger holds a pool boost committed by a leader that died before sharing the intent
        ScalePool boost = new ScalePool("ml-serving", "a100", 2, Duration.ofMinutes(15), 8, "latency");
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        ledger.commit(new Remediation(
                IdempotencyKey.of(boost, CAUSES),
                "decision-on-b",
                boost,
                RULE,
                "v1",
                List.of(),
                "",
                "odpe-engine-b",
                T0));
        List<PlannedAction> applied = new ArrayList<>();
        ActionExecutor pools = new ActionExecutor() {
            @Override
            public Class<? extends RemediationAction> actionType() {
                return ScalePool.class;
            }

            @Override
            public ExecutionResult apply(PlannedAction plan) {
                applied.add(plan);
                return ExecutionResult.executed("boost held");
            }
        };
        DecisionPipeline pipeline = pipeline(false, ledger, pools);

        // When the new leader decides the same boost
        Decision decision = pipeline.decide(
                        new RuleOutcome.Emitted(RULE, boost, List.of("fp-1")), CAUSES, "v1", Context.root())
                .decision();

        // Then the level is applied again (idempotent), not suppressed as a duplicate
        assertThat(applied).hasSize(1);
        assertThat(decision.outcome()).isEqualTo(Outcome.EXECUTED);
    }

    @Test
    void anUnavailableLedgerMeansNothingIsDone() {
        // Given a ledger that cannot be reached
        RemediationLedger down = new UnavailableLedger();
        InMemoryRemediationLedger seen = new InMemoryRemediationLedger(clock);
        RecordingActuator actuator = new RecordingActuator(seen);
        DecisionPipeline pipeline = pipeline(false, down, actuator);

        // When the rules ask for a rollback
        Decision decision = decide(pipeline);

        // Then the actuator is not called, and the decision failed transiently, saying nothing was done
        assertThat(actuator.ledgerAtEachCall).isEmpty();
        assertThat(decision.outcome()).isEqualTo(Outcome.FAILED_TRANSIENT);
        assertThat(decision.detail()).startsWith("ledger unavailable; nothing was done");
        assertThat(meters.counter("odpe.ledger.commits", "result", "failed").count())
                .isEqualTo(1);
    }

    @Test
    void aDryRunDecisionNeverWritesToTheLedger() {
        // Given a dry-run pipeline
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        DecisionPipeline pipeline = pipeline(true, ledger, new RecordingActuator(ledger));

        // When the rules ask for a rollback, and it is withdrawn
        decide(pipeline);
        pipeline.decide(new RuleOutcome.Withdrawn(RULE, BERT_8, List.of("fp-1")), CAUSES, "v1", Context.root());

        // Then the ledger is empty
        assertThat(((LedgerResult.Listed) ledger.list()).entries()).isEmpty();
    }

    @Test
    void aWithdrawalMarksTheEmittedActionsRemediationWithAWithdrawnCondition() {
        // Given a live rollback that was committed and applied
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        DecisionPipeline pipeline = pipeline(false, ledger, new RecordingActuator(ledger));
        decide(pipeline);

        // When its alert resolves (gone from working memory, so its cause has no startsAt any more)
        pipeline.decide(
                new RuleOutcome.Withdrawn(RULE, BERT_8, List.of("fp-1")),
                List.of(new Cause("fp-1", null, null)),
                "v1",
                Context.root());

        // Then the remediation keeps its phase and carries a Withdrawn condition
        assertThat(((LedgerResult.Listed) ledger.list()).entries())
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.status().phase()).isEqualTo(Phase.SUCCEEDED);
                    assertThat(entry.status().conditions())
                            .singleElement()
                            .satisfies(c -> assertThat(c.type()).isEqualTo("Withdrawn"));
                });
    }

    @Test
    void anAmendmentMovesTheRemediationToThePhaseOfTheFinalOutcome() {
        // Given a live rollback whose remediation is in progress
        InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);
        ActionExecutor slow = new RecordingActuator(ledger) {
            @Override
            public ExecutionResult apply(PlannedAction plan) {
                return ExecutionResult.inProgress("queued", () -> {});
            }
        };
        Decision decision = decide(pipeline(false, ledger, slow));
        assertThat(((LedgerResult.Listed) ledger.inFlight()).entries()).hasSize(1);

        // When the rollback worker reports that it failed
        boolean inAudit = new Amendments(audit, ledger)
                .amend(decision.id(), Outcome.FAILED_PERMANENT, "Argo CD refused: https://u:p@argocd.example");

        // Then the audit and the ledger both say so, without the URL's credentials in the ledger
        assertThat(inAudit).isTrue();
        assertThat(audit.byId(decision.id()))
                .get()
                .extracting(Decision::outcome)
                .isEqualTo(Outcome.FAILED_PERMANENT);
        assertThat(((LedgerResult.Listed) ledger.list()).entries())
                .singleElement()
                .satisfies(entry -> {
                    assertThat(entry.status().phase()).isEqualTo(Phase.FAILED);
                    assertThat(entry.status().detail()).contains("https://***@argocd.example");
                });
        assertThat(((LedgerResult.Listed) ledger.inFlight()).entries()).isEmpty();
    }

    /** A ledger whose API server does not answer. */
    private static final class UnavailableLedger implements RemediationLedger {
        private static final LedgerResult.Unavailable DOWN =
                new LedgerResult.Unavailable("Kubernetes API unreachable", true);

        @Override
        public String describe() {
            return "down";
        }

        @Override
        public boolean durable() {
            return true;
        }

        @Override
        public LedgerResult.Commit commit(Remediation remediation) {
            return DOWN;
        }

        @Override
        public LedgerResult.Update update(String decisionId, StatusUpdate update) {
            return DOWN;
        }

        @Override
        public LedgerResult.Update updateByIdempotencyKey(String idempotencyKey, StatusUpdate update) {
            return DOWN;
        }

        @Override
        public LedgerResult.Listing list() {
            return DOWN;
        }

        @Override
        public LedgerResult.Deletion deleteFinishedBefore(Instant horizon) {
            return DOWN;
        }
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
