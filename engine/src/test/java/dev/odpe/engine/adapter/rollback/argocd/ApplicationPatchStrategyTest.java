package dev.odpe.engine.adapter.rollback.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;

/** Strategy 3 against fabric8's mock API server (CRUD) holding a realistic Application. */
@EnableKubernetesMockClient(crud = true)
class ApplicationPatchStrategyTest {

    private static final ApplicationRef BERT = new ApplicationRef("bert-serving", "argocd", "ml-models");
    private static final VersionLocation VERSION = new VersionLocation.HelmParameter("model.version");

    KubernetesClient client;

    private final ObjectMapper json = new ObjectMapper();

    private ApplicationPatchStrategy strategy() {
        return new ApplicationPatchStrategy(new ApplicationResources(client, json));
    }

    private void given(String applicationJson) throws Exception {
        GenericKubernetesResource app = json.readValue(applicationJson, GenericKubernetesResource.class);
        app.setApiVersion("argoproj.io/v1alpha1");
        app.setKind("Application");
        client.genericKubernetesResources(ApplicationResources.APPLICATIONS)
                .inNamespace("argocd")
                .resource(app)
                .create();
    }

    private JsonNode stored() {
        return json.valueToTree(client.genericKubernetesResources(ApplicationResources.APPLICATIONS)
                .inNamespace("argocd")
                .withName("bert-serving")
                .get());
    }

    @Test
    void pinsTheLastGoodVersionInTheHelmParameterAndAsksForASync() throws Exception {
        // Given bert-serving (manual sync) serves version 8 after 6 and 7
        given(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));

        // When version 8 is rolled back
        RollbackResult result = strategy().rollback(BERT, VERSION, "8", false);

        // Then the Application pins version 7 and carries a sync operation for Argo CD's controller
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ROLLED_BACK);
        JsonNode app = stored();
        assertThat(VERSION.versionIn(app.path("spec").path("source"))).contains("7");
        assertThat(app.path("operation").path("sync").path("revision").asText()).isEqualTo("main");
        assertThat(app.path("operation").path("initiatedBy").path("username").asText())
                .isEqualTo("odpe");
    }

    @Test
    void withAutomatedSyncOnlyTheVersionChanges() throws Exception {
        // Given an auto-synced Application (Argo CD's rollback API would refuse it)
        given(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z")
                .replace("\"destination\":", "\"syncPolicy\":{\"automated\":{\"prune\":true}},\"destination\":"));

        // When version 8 is rolled back
        RollbackResult result = strategy().rollback(BERT, VERSION, "8", false);

        // Then the version is pinned and no operation is set: automated sync applies it
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ROLLED_BACK);
        assertThat(VERSION.versionIn(stored().path("spec").path("source"))).contains("7");
        assertThat(stored().has("operation")).isFalse();
    }

    @Test
    void dryRunRecordsTheChangeAndLeavesTheApplicationAlone() throws Exception {
        // Given bert-serving serves version 8
        given(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));

        // When the rollback runs in dry-run
        RollbackResult result = strategy().rollback(BERT, VERSION, "8", true);

        // Then the change is described and nothing is written
        assertThat(result.status()).isEqualTo(RollbackResult.Status.WOULD_ROLL_BACK);
        assertThat(result.request()).contains("\"value\":\"7\"");
        assertThat(VERSION.versionIn(stored().path("spec").path("source"))).contains("8");
    }

    @Test
    void aRunningOperationMeansNoSecondChange() throws Exception {
        // Given a sync is running
        given(Applications.bertServing("8", "Running", "2026-11-27T10:00:00Z"));

        // When version 8 is rolled back
        RollbackResult result = strategy().rollback(BERT, VERSION, "8", false);

        // Then nothing is written
        assertThat(result.status()).isEqualTo(RollbackResult.Status.IN_PROGRESS);
        assertThat(VERSION.versionIn(stored().path("spec").path("source"))).contains("8");
    }

    @Test
    void aMissingApplicationIsAPermanentFailure() {
        // When the mapped Application does not exist
        RollbackResult result = strategy().rollback(BERT, VERSION, "8", false);

        // Then the failure is permanent and names it
        assertThat(result.status()).isEqualTo(RollbackResult.Status.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.detail()).contains("APPLICATION_NOT_FOUND", "bert-serving");
    }
}
