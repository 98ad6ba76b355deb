package dev.odpe.engine.adapter.rollback.argocd;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole loop with a live rollback: an errors alert for bert version 8 through the webhook →
 * RollbackModel → the Argo CD API strategy against an HTTP double of argocd-server → the decision,
 * first IN_PROGRESS, amended with the final outcome once Argo CD's operation succeeded.
 */
@QuarkusTest
@TestProfile(ArgoCdRollbackEndToEndTest.LiveRollbacks.class)
@QuarkusTestResource(value = ArgoCdRollbackEndToEndTest.ArgoCd.class, restrictToAnnotatedClass = true)
class ArgoCdRollbackEndToEndTest {

    @Test
    void anErrorsBreachOfBertVersion8RollsItBackThroughArgoCdAndTheAuditShowsHowItEndedAndEscalates() {
        // Given bert-serving serves version 8 after 6 and 7, and Argo CD will accept a rollback
        // When Alertmanager posts the errors breach of bert version 8
        given().contentType("application/json")
                .body(AlertmanagerPayloads.example("alertmanager-errors-breach.json"))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // Then the RollbackModel decision ends EXECUTED, after Argo CD was asked to go back to history id 2
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(rollback())
                        .containsEntry("outcome", "EXECUTED")
                        .containsEntry("dryRun", false));
        assertThat((String) rollback().get("detail")).contains("history id 2", "version 7", "succeeded");
        assertThat(ArgoCd.server.rollbacks())
                .singleElement()
                .satisfies(r -> assertThat(r.body()).contains("\"id\":2", "\"project\":\"ml-models\""));
        // and, as the alert still fires when the verification window (1 s here) ends, a person is paged
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(decisions()).anySatisfy(d -> {
                    assertThat(d).containsEntry("rule", "rollback-not-effective");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> action = (Map<String, Object>) d.get("action");
                    assertThat(action).containsEntry("type", "Notify").containsEntry("severity", "page");
                }));
    }

    private static List<Map<String, Object>> decisions() {
        return given().queryParam("target", "model:ml-serving/bert")
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("decisions");
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

    public static class LiveRollbacks implements QuarkusTestProfile {
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
                    "odpe.rollback.models.\"ml-serving/bert\".project",
                    "ml-models",
                    "odpe.rollback.models.\"ml-serving/bert\".helm-parameter",
                    "model.version",
                    "odpe.rollback.argocd.watch-interval",
                    "100ms",
                    "odpe.rollback.argocd.watch-timeout",
                    "15s",
                    "odpe.rollback.verify-within",
                    "1s",
                    "odpe.rollback.argocd.backoff",
                    "100ms");
        }
    }

    /** The argocd-server double and its token file, started before the engine. */
    public static class ArgoCd implements QuarkusTestResourceLifecycleManager {

        static ArgoCdServerDouble server;

        @Override
        public Map<String, String> start() {
            server = new ArgoCdServerDouble();
            server.application(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));
            server.afterRollback(Applications.bertServing("7", "Succeeded", ArgoCdServerDouble.ACCEPTED_AT));
            try {
                Path token = Files.createTempFile("argocd-token", "");
                Files.writeString(token, "proj-role-jwt");
                return Map.of(
                        "odpe.rollback.argocd.url",
                        server.uri().toString(),
                        "odpe.rollback.argocd.token-file",
                        token.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            server.close();
        }
    }
}
