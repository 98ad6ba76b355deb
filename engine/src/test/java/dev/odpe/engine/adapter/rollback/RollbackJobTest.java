package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.argocd.ApiRollbackStrategy;
import dev.odpe.engine.adapter.rollback.argocd.Applications;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdClient;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdServerDouble;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rollback job's steps against the argocd-server double: attempt, retry, watch, final outcome. */
class RollbackJobTest {

    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");
    private static final ModelTarget TARGET = ModelTarget.inApplication(
            StrategyKey.API,
            new ApplicationRef("bert-serving", "argocd", "ml-models"),
            new VersionLocation.HelmParameter("model.version"));

    @TempDir
    Path secrets;

    private final ObjectMapper json = new ObjectMapper();
    private ArgoCdServerDouble argocd;
    private RollbackJob job;

    @BeforeEach
    void start() throws Exception {
        argocd = new ArgoCdServerDouble();
        argocd.application(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));
        RollbackConfig.ArgoCd config = ConfigStub.of(
                RollbackConfig.ArgoCd.class,
                Map.of(
                        "attempts",
                        3,
                        "backoff",
                        Duration.ofMillis(10),
                        "watchTimeout",
                        Duration.ofMillis(600),
                        "watchInterval",
                        Duration.ofMillis(50),
                        "timeout",
                        Duration.ofSeconds(2)));
        ArgoCdClient client = new ArgoCdClient(
                HttpClient.newHttpClient(),
                argocd.uri(),
                Files.writeString(secrets.resolve("token"), "t"),
                Duration.ofSeconds(2),
                json);
        job = new RollbackJob(new ApiRollbackStrategy(client, json), client, config, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        argocd.close();
    }

    @Test
    void anOperationThatFailsInArgoCdIsAPermanentFailureWithArgoCdsMessage() throws Exception {
        // Given Argo CD accepts the rollback but its operation fails
        argocd.afterRollback(Applications.bertServing("7", "Failed", ArgoCdServerDouble.ACCEPTED_AT)
                .replace("successfully synced", "one or more objects failed to apply"));

        // When the job runs
        ExecutionResult result = job.run("d-1", BERT_8, TARGET, false);

        // Then the decision ends FAILED_PERMANENT quoting Argo CD
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED_PERMANENT);
        assertThat(result.detail()).contains("Failed", "one or more objects failed to apply");
    }

    @Test
    void anOperationStillRunningWhenTheWatchEndsIsTransient() throws Exception {
        // Given Argo CD's operation keeps running
        argocd.afterRollback(Applications.bertServing("7", "Running", ArgoCdServerDouble.ACCEPTED_AT));

        // When the job runs
        ExecutionResult result = job.run("d-1", BERT_8, TARGET, false);

        // Then the outcome says it had not ended, as a transient failure
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TRANSIENT);
        assertThat(result.detail()).contains("had not ended");
    }

    @Test
    void aServerErrorOnEveryAttemptIsTransientAfterTheAttempts() throws Exception {
        // Given argocd-server fails every rollback request
        argocd.rollbackAnswers(502, "bad gateway");

        // When the job runs
        ExecutionResult result = job.run("d-1", BERT_8, TARGET, false);

        // Then it tried three times and reports a transient failure
        assertThat(argocd.rollbacks()).hasSize(3);
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED_TRANSIENT);
        assertThat(result.detail()).contains("after 3 attempts");
    }
}
