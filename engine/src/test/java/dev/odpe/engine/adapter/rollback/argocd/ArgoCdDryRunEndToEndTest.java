package dev.odpe.engine.adapter.rollback.argocd;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The default dry-run with a mapped model: the decision records exactly the request the API strategy
 * would send (read from the real Application), and nothing reaches Argo CD.
 */
@QuarkusTest
@TestProfile(ArgoCdDryRunEndToEndTest.DryRunWithMapping.class)
@QuarkusTestResource(value = ArgoCdRollbackEndToEndTest.ArgoCd.class, restrictToAnnotatedClass = true)
class ArgoCdDryRunEndToEndTest {

    @Test
    void inDryRunTheDecisionRecordsTheExactRollbackRequestAndNothingIsSent() {
        // Given the engine in its default dry-run, bert mapped to bert-serving
        // When Alertmanager posts the errors breach of bert version 8
        given().contentType("application/json")
                .body(AlertmanagerPayloads.example("alertmanager-errors-breach.json"))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // Then the decision is amended DRY_RUN with the request body for history id 2, and no rollback was sent
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(rollback())
                        .containsEntry("outcome", "DRY_RUN")
                        .containsEntry("dryRun", true));
        assertThat((String) rollback().get("detail")).contains("\"id\":2", "\"name\":\"bert-serving\"");
        assertThat(ArgoCdRollbackEndToEndTest.ArgoCd.server.rollbacks()).isEmpty();
    }

    private static Map<String, Object> rollback() {
        List<Map<String, Object>> decisions = given().queryParam("target", "model:ml-serving/bert")
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("decisions");
        return decisions.stream()
                .filter(d -> "RollbackModel".equals(((Map<?, ?>) d.get("action")).get("type")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no RollbackModel decision yet: " + decisions));
    }

    public static class DryRunWithMapping implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "odpe.rollback.models.\"ml-serving/bert\".application",
                    "bert-serving",
                    "odpe.rollback.models.\"ml-serving/bert\".project",
                    "ml-models",
                    "odpe.rollback.models.\"ml-serving/bert\".helm-parameter",
                    "model.version");
        }
    }
}
