package dev.odpe.engine.adapter.rollback.git;

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
 * ODPE's dry-run (the default) of a mapped model: the decision records exactly what the git-pin
 * would commit — the diff, computed in the real repository — and nothing is pushed.
 */
@QuarkusTest
@TestProfile(GitPinDryRunEndToEndTest.DryRunGitPin.class)
@QuarkusTestResource(value = GitPinRollbackEndToEndTest.Remote.class, restrictToAnnotatedClass = true)
class GitPinDryRunEndToEndTest {

    @Test
    void inDryRunTheDecisionRecordsTheExactDiffAndTheRepositoryIsUntouched() throws Exception {
        // Given the GitOps repository took bert from 6 to 7 to 8, and RollbackModel is not live
        String before = GitPinRollbackEndToEndTest.Remote.remote.log().get(0).getName();

        // When Alertmanager posts the errors breach of bert version 8
        given().contentType("application/json")
                .body(AlertmanagerPayloads.example("alertmanager-errors-breach.json"))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // Then the decision ends DRY_RUN with the diff it would commit, and the remote has no new commit
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rollback())
                        .containsEntry("outcome", "DRY_RUN")
                        .containsEntry("dryRun", true));
        assertThat((String) rollback().get("detail")).contains("dry-run: would pin", "-  version: 8", "+  version: 7");
        assertThat(GitPinRollbackEndToEndTest.Remote.remote.log().get(0).getName())
                .isEqualTo(before);
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

    public static class DryRunGitPin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "odpe.rollback.models.\"ml-serving/bert\".application",
                    "bert-serving",
                    "odpe.rollback.models.\"ml-serving/bert\".strategy",
                    "git-pin",
                    "odpe.rollback.models.\"ml-serving/bert\".values-file",
                    "models/bert/values.yaml",
                    "odpe.rollback.models.\"ml-serving/bert\".values-key",
                    "model.version");
        }
    }
}
