package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.argocd.ApiRollbackStrategy;
import dev.odpe.engine.adapter.rollback.argocd.Applications;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdClient;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdServerDouble;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.audit.AuditConfig;
import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.audit.AuditLogWriter;
import dev.odpe.engine.decide.Amendments;
import dev.odpe.engine.evaluate.BoundedEvaluationQueue;
import dev.odpe.engine.evaluate.EvaluationConfig;
import dev.odpe.engine.ledger.InMemoryRemediationLedger;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor's entry point for a rollback that was in flight when an engine stopped. */
class RollbackResumeTest {

    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");

    @TempDir
    Path secrets;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final ManualSteps steps = new ManualSteps(clock);
    private ArgoCdServerDouble argocd;
    private RollbackModelExecutor executor;

    @BeforeEach
    void start() throws Exception {
        argocd = new ArgoCdServerDouble();
        Path token = Files.writeString(secrets.resolve("token"), "t");
        RollbackConfig.ArgoCd argoCdConfig = ConfigStub.of(
                RollbackConfig.ArgoCd.class,
                Map.of(
                        "url",
                        Optional.of(argocd.uri()),
                        "tokenFile",
                        Optional.of(token),
                        "attempts",
                        3,
                        "backoff",
                        Duration.ofMillis(10),
                        "maxBackoff",
                        Duration.ofMillis(100),
                        "watchTimeout",
                        Duration.ofMillis(600),
                        "watchInterval",
                        Duration.ofMillis(50)));
        ObjectMapper json = new ObjectMapper();
        ArgoCdClient client =
                new ArgoCdClient(HttpClient.newHttpClient(), argocd.uri(), token, Duration.ofSeconds(2), json);
        RollbackJobs jobs = new RollbackJobs(Map.of(
                StrategyKey.API,
                new RollbackJob(
                        new ApiRollbackStrategy(client, json),
                        client,
                        argoCdConfig,
                        Duration.ofSeconds(2),
                        clock,
                        steps,
                        () -> {})));
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
        AuditLog audit = new AuditLog(
                auditConfig,
                new AuditLogWriter(auditConfig, json, meters),
                (decision, span, amendment) -> CompletableFuture.completedFuture(null));
        executor = new RollbackModelExecutor(
                rollbackConfig(argoCdConfig),
                jobs,
                steps,
                audit,
                new Amendments(audit, new InMemoryRemediationLedger(clock)),
                meters,
                clock,
                new BoundedEvaluationQueue(
                        ConfigStub.of(EvaluationConfig.class, Map.of("queueCapacity", 10, "maxAlerts", 10L)), meters));
    }

    @AfterEach
    void stop() {
        argocd.close();
    }

    @Test
    void aResumedRollbackWhoseOperationSucceededMeanwhileIsCountedOnceAndNotResumedTwice() {
        // Given a rollback requested a minute ago, before a restart, whose Argo CD operation then succeeded
        argocd.application(Applications.bertServing(
                "7", "Succeeded", clock.instant().minusSeconds(50).toString()));
        Instant requested = clock.instant().minusSeconds(60);

        // When it is resumed, and resumed again while it still runs here
        boolean first = executor.resume("d-1", BERT_8, List.of("fp-1"), requested, 1);
        boolean again = executor.resume("d-1", BERT_8, List.of("fp-1"), requested, 1);
        steps.runAll(100);

        // Then it runs once: one read, no rollback request, its end counted as EXECUTED
        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(argocd.rollbacks()).isEmpty();
        assertThat(meters.get("odpe.rollbacks")
                        .tag("outcome", "EXECUTED")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void aRollbackOfAModelNoLongerMappedIsNotResumed() {
        // Given a rollback in flight for a model this engine does not map (any more)
        RollbackModel unmapped = new RollbackModel("ml-serving", "gpt", "3", "errors");

        // When it is resumed
        boolean resumed = executor.resume("d-2", unmapped, List.of(), clock.instant(), 0);

        // Then nothing runs
        assertThat(resumed).isFalse();
        assertThat(steps.pending()).isZero();
    }

    private static RollbackConfig rollbackConfig(RollbackConfig.ArgoCd argocd) {
        RollbackConfig.ModelMapping bert = ConfigStub.of(
                RollbackConfig.ModelMapping.class,
                Map.of(
                        "application",
                        "bert-serving",
                        "strategy",
                        "api",
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
                        Duration.ofSeconds(2),
                        "workers",
                        1,
                        "queueCapacity",
                        10,
                        "argocd",
                        argocd,
                        "git",
                        ConfigStub.of(RollbackConfig.Git.class, Map.of("url", Optional.empty()))));
    }
}
