package dev.odpe.engine.adapter.rollback.git;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with the git-pin strategy: an errors alert for bert version 8 through the webhook →
 * RollbackModel → a commit pinning version 7 pushed to a real bare repository on disk → the decision,
 * first IN_PROGRESS, amended EXECUTED; the commit carries the decision's own id.
 */
@QuarkusTest
@TestProfile(GitPinRollbackEndToEndTest.LiveGitPin.class)
@QuarkusTestResource(value = GitPinRollbackEndToEndTest.Remote.class, restrictToAnnotatedClass = true)
class GitPinRollbackEndToEndTest {

    private static final String FILE = "models/bert/values.yaml";

    @Test
    void anErrorsBreachOfBertVersion8PinsVersion7InGitUnderTheDecisionsId() throws Exception {
        // Given the GitOps repository took bert from 6 to 7 to 8
        // When Alertmanager posts the errors breach of bert version 8
        given().contentType("application/json")
                .body(AlertmanagerPayloads.example("alertmanager-errors-breach.json"))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // Then the RollbackModel decision ends EXECUTED, and the remote's newest commit pins 7 under its id
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(rollback())
                        .containsEntry("outcome", "EXECUTED")
                        .containsEntry("dryRun", false));
        Map<String, Object> decision = rollback();
        assertThat((String) decision.get("detail")).contains("committed", "to 7");
        assertThat(Remote.remote.fileOnRemote(FILE)).contains("version: 7");
        assertThat(Remote.remote.log().get(0).getFullMessage()).contains("ODPE-Decision: " + decision.get("id"));
        assertThat(given().get("/api/v1/decisions/" + decision.get("id"))
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getString("outcome"))
                .isEqualTo("EXECUTED");
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

    public static class LiveGitPin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "odpe.planner.live-types",
                    "RollbackModel",
                    // live outside a cluster: the in-memory remediation ledger, asked for by name
                    "odpe.ledger",
                    "memory",
                    "odpe.rollback.models.\"ml-serving/bert\".application",
                    "bert-serving",
                    "odpe.rollback.models.\"ml-serving/bert\".strategy",
                    "git-pin",
                    "odpe.rollback.models.\"ml-serving/bert\".values-file",
                    FILE,
                    "odpe.rollback.models.\"ml-serving/bert\".values-key",
                    "model.version");
        }
    }

    /** A bare GitOps repository on disk where bert went 6 → 7 → 8, created before the engine starts. */
    public static class Remote implements QuarkusTestResourceLifecycleManager {

        static GitOpsRemote remote;

        @Override
        public Map<String, String> start() {
            try {
                Path root = Files.createTempDirectory("odpe-gitops-e2e");
                remote = new GitOpsRemote(root);
                for (String version : List.of("6", "7", "8")) {
                    remote.commit(FILE, "model:\n  name: bert\n  version: " + version + "\n", "bert " + version);
                }
                return Map.of(
                        "odpe.rollback.git.url",
                        remote.bare.toUri().toString(),
                        "odpe.rollback.git.work-dir",
                        root.resolve("odpe-work").toString());
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test GitOps repository", e);
            }
        }

        @Override
        public void stop() {
            remote.close();
        }
    }
}
