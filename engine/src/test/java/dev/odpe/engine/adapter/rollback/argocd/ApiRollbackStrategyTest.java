package dev.odpe.engine.adapter.rollback.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API strategy against an HTTP double of argocd-server answering as Argo CD does. */
class ApiRollbackStrategyTest {

    private static final ApplicationRef BERT = new ApplicationRef("bert-serving", "argocd", "ml-models");
    private static final VersionLocation VERSION = new VersionLocation.HelmParameter("model.version");

    @TempDir
    Path secrets;

    private final ObjectMapper json = new ObjectMapper();
    private ArgoCdServerDouble argocd;
    private ApiRollbackStrategy strategy;
    private ArgoCdClient client;

    @BeforeEach
    void start() throws IOException {
        argocd = new ArgoCdServerDouble();
        argocd.application(application("8", "Succeeded"));
        Path token = Files.writeString(secrets.resolve("token"), "proj-role-jwt\n");
        client = new ArgoCdClient(HttpClient.newHttpClient(), argocd.uri(), token, Duration.ofMillis(500), json);
        strategy = new ApiRollbackStrategy(client, json);
    }

    @AfterEach
    void stop() {
        argocd.close();
    }

    @Test
    void rollsBackToTheNewestHistoryEntryServingAnotherVersion() throws Exception {
        // Given bert-serving serves version 8 after 6 and 7; Argo CD accepts rollbacks
        argocd.rollbackAnswers(200, application("7", "Running"));

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then Argo CD was asked, with the project role's token, to go back to history id 2 (version 7)
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ROLLED_BACK);
        assertThat(argocd.rollbacks()).singleElement().satisfies(request -> {
            assertThat(request.path()).isEqualTo("/api/v1/applications/bert-serving/rollback");
            assertThat(request.authorization()).isEqualTo("Bearer proj-role-jwt");
            assertThat(json.readTree(request.body()))
                    .isEqualTo(
                            json.readTree(
                                    "{\"name\":\"bert-serving\",\"id\":2,"
                                            + "\"appNamespace\":\"argocd\",\"project\":\"ml-models\",\"dryRun\":false,\"prune\":false}"));
        });
        assertThat(result.detail()).contains("history id 2", "version 7");
    }

    @Test
    void dryRunRecordsTheExactRequestAndSendsNothing() throws Exception {
        // When the rollback runs in ODPE's dry-run
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", true);

        // Then the request body is recorded and no rollback reached Argo CD
        assertThat(result.status()).isEqualTo(RollbackResult.Status.WOULD_ROLL_BACK);
        assertThat(json.readTree(result.request()).path("id").asLong()).isEqualTo(2);
        assertThat(argocd.rollbacks()).isEmpty();
    }

    @Test
    void autoSyncRefusalIsAPermanentFailureThatSaysWhatToDo() {
        // Given Argo CD refuses as it does for an auto-synced Application
        argocd.rollbackAnswers(
                400, ArgoCdServerDouble.error(9, "rollback cannot be initiated when auto-sync is enabled"));

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then the failure is permanent, not retried, and names the way out
        assertThat(result.status()).isEqualTo(RollbackResult.Status.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.detail()).contains("AUTO_SYNC_ENABLED", "git-pin");
    }

    @Test
    void whenAllowedAutomatedSyncIsTurnedOffFirstAndTheRollbackFollows() throws Exception {
        // Given an auto-synced Application, and Argo CD refusing rollbacks while auto-sync is on
        argocd.application(autoSynced(application("8", "Succeeded")));
        argocd.refuseRollbacksWhileAutoSynced();
        argocd.rollbackAnswers(200, application("7", "Running"));
        ApiRollbackStrategy allowed = new ApiRollbackStrategy(client, json, true);

        // When version 8 is rolled back
        RollbackResult result = allowed.rollback(BERT, VERSION, "8", false);

        // Then automated sync was removed by a merge patch, then the rollback went through, and the detail says so
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ROLLED_BACK);
        assertThat(argocd.patches()).singleElement().satisfies(patch -> {
            assertThat(patch.path()).isEqualTo("/api/v1/applications/bert-serving");
            assertThat(json.readTree(patch.body()).path("patchType").asText()).isEqualTo("merge");
            assertThat(json.readTree(json.readTree(patch.body()).path("patch").asText()))
                    .isEqualTo(json.readTree("{\"spec\":{\"syncPolicy\":{\"automated\":null}}}"));
        });
        assertThat(argocd.rollbacks()).hasSize(1);
        assertThat(result.detail()).contains("turn automated sync off", "stays off");
    }

    @Test
    void dryRunOfAnAutoSyncedApplicationRecordsThePatchAndTheRollbackAndSendsNothing() {
        // Given an auto-synced Application and turning auto-sync off allowed
        argocd.application(autoSynced(application("8", "Succeeded")));
        ApiRollbackStrategy allowed = new ApiRollbackStrategy(client, json, true);

        // When the rollback runs in ODPE's dry-run
        RollbackResult result = allowed.rollback(BERT, VERSION, "8", true);

        // Then both requests are recorded and nothing was sent
        assertThat(result.status()).isEqualTo(RollbackResult.Status.WOULD_ROLL_BACK);
        assertThat(result.detail()).contains("turn automated sync off (PATCH", "\"patchType\":\"merge\"");
        assertThat(result.request()).contains("\"id\":2");
        assertThat(argocd.patches()).isEmpty();
        assertThat(argocd.rollbacks()).isEmpty();
    }

    @Test
    void anUnknownHistoryIdIsPermanent() {
        // Given Argo CD no longer knows the chosen deployment
        argocd.rollbackAnswers(
                400, ArgoCdServerDouble.error(3, "application bert-serving does not have deployment with id 2"));

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then the failure is permanent
        assertThat(result.detail()).contains("UNKNOWN_HISTORY_ID", "permanent");
        assertThat(result.retryable()).isFalse();
    }

    @Test
    void anOperationAlreadyRunningMeansNoSecondRollback() {
        // Given a sync or rollback is running on the Application
        argocd.application(application("8", "Running"));

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then nothing is sent
        assertThat(result.status()).isEqualTo(RollbackResult.Status.IN_PROGRESS);
        assertThat(argocd.rollbacks()).isEmpty();
    }

    @Test
    void argoCdsOwnInProgressRefusalIsNotAFailure() {
        // Given an operation started between our read and our request
        argocd.rollbackAnswers(400, ArgoCdServerDouble.error(9, "another operation is already in progress"));

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then it is reported as in progress, not as a failure to retry into a second rollback
        assertThat(result.status()).isEqualTo(RollbackResult.Status.IN_PROGRESS);
    }

    @Test
    void aServerErrorIsTransient() {
        // Given argocd-server fails
        argocd.rollbackAnswers(503, "upstream connect error");

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then a later attempt may succeed
        assertThat(result.retryable()).isTrue();
        assertThat(result.detail()).contains("SERVER_ERROR", "503");
    }

    @Test
    void noAnswerWithinTheTimeoutIsTransient() {
        // Given argocd-server answers slower than the client waits
        argocd.delayAnswers(Duration.ofSeconds(2));

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then the failure is a transient timeout
        assertThat(result.retryable()).isTrue();
        assertThat(result.detail()).contains("TIMEOUT");
    }

    @Test
    void anApplicationAlreadyServingAnotherVersionIsLeftAlone() {
        // Given the live source already serves version 7 (an earlier rollback went through)
        argocd.application(application("7", "Succeeded"));

        // When version 8 is rolled back again (a retry, a re-sent alert, a restart)
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then nothing is sent
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ALREADY_AWAY);
        assertThat(argocd.rollbacks()).isEmpty();
    }

    @Test
    void aHistoryWithoutAnotherVersionHasNothingToRollBackTo() {
        // Given every history entry serves version 8
        argocd.application(application("8", "Succeeded")
                .replace("\"value\":\"6\"", "\"value\":\"8\"")
                .replace("\"value\":\"7\"", "\"value\":\"8\""));

        // When version 8 is rolled back
        RollbackResult result = strategy.rollback(BERT, VERSION, "8", false);

        // Then it says so and sends nothing
        assertThat(result.status()).isEqualTo(RollbackResult.Status.NO_GOOD_VERSION);
        assertThat(argocd.rollbacks()).isEmpty();
    }

    private static String autoSynced(String application) {
        return application.replace(
                "\"destination\":",
                "\"syncPolicy\":{\"automated\":{\"prune\":true,\"selfHeal\":true}}," + "\"destination\":");
    }

    private static String application(String live, String phase) {
        return Applications.bertServing(live, phase, "2026-11-27T10:00:00Z");
    }
}
