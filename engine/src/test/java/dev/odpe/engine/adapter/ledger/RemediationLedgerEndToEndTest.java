package dev.odpe.engine.adapter.ledger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.odpe.engine.adapter.keda.ScalerTestProfile;
import dev.odpe.testsupport.AlertmanagerPayloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole engine with live ScalePool against fabric8's mock API server (CRUD): the Kubernetes ledger
 * is the default there, so an alert from the webhook becomes one Remediation, Succeeded once applied,
 * and its resolve marks it Withdrawn.
 */
@QuarkusTest
@TestProfile(ScalerTestProfile.class)
@WithKubernetesTestServer(crud = true)
class RemediationLedgerEndToEndTest {

    private static final Duration WITHIN = Duration.ofSeconds(10);

    @Inject
    KubernetesClient client;

    @Test
    void aLiveBoostFromTheWebhookIsOneSucceededRemediationThatItsResolveMarksWithdrawn() {
        // Given live ScalePool in a (mock) cluster
        Map<String, String> labels = Map.of(
                "alertname", "TritonP99LatencyHigh",
                "signal", "latency",
                "namespace", "ml-serving",
                "pool", "ledger-a",
                "severity", "page");

        // When Alertmanager posts a latency breach for pool ledger-a, and later its resolve
        post(AlertmanagerPayloads.firing("1ed6e00000000001", "2026-12-03T10:00:00Z", labels));
        await().atMost(WITHIN).until(() -> "Succeeded".equals(status(only()).get("phase")));
        post(AlertmanagerPayloads.resolved("1ed6e00000000001", "2026-12-03T10:00:00Z", "2026-12-03T10:05:00Z", labels));

        // Then there is one Remediation for the pool, whose decision is in the API, and it is marked Withdrawn
        await().atMost(WITHIN)
                .until(() -> String.valueOf(status(only()).get("conditions")).contains("Withdrawn"));
        GenericKubernetesResource remediation = only();
        String decisionId = remediation.getMetadata().getLabels().get("odpe.dev/decision-id");
        assertThat(remediation.getMetadata().getName()).startsWith("r-");
        assertThat(status(remediation)).containsEntry("attempts", 1);
        given().get("/api/v1/decisions?target=pool:ml-serving/ledger-a")
                .then()
                .statusCode(200)
                .body(containsString(decisionId));
    }

    private GenericKubernetesResource only() {
        List<GenericKubernetesResource> forPool = client
                .genericKubernetesResources(RemediationResources.REMEDIATIONS)
                .inAnyNamespace()
                .list()
                .getItems()
                .stream()
                .filter(r -> "pool:ml-serving/ledger-a".equals(RemediationResources.specText(r, "target")))
                .toList();
        assertThat(forPool).hasSize(1);
        return forPool.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> status(GenericKubernetesResource remediation) {
        Object status = remediation.getAdditionalProperties().get("status");
        return status == null ? Map.of() : (Map<String, Object>) status;
    }

    private static void post(String body) {
        given().contentType("application/json")
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);
    }
}
