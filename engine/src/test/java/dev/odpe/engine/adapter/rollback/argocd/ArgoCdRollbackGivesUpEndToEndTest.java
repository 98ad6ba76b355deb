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
 * A live rollback that keeps failing transiently: retried with backoff until {@code odpe.rollback.deadline},
 * then escalated by a {@code Notify} decision made by the evaluation loop like any rule's.
 */
@QuarkusTest
@TestProfile(ArgoCdRollbackGivesUpEndToEndTest.ShortDeadline.class)
@QuarkusTestResource(value = ArgoCdRollbackGivesUpEndToEndTest.FailingArgoCd.class, restrictToAnnotatedClass = true)
class ArgoCdRollbackGivesUpEndToEndTest {

    @Test
    void aRollbackThatArgoCdKeepsRefusingWithServerErrorsIsRetriedThenAPersonIsPagedThroughADecision() {
        // Given argocd-server answers every rollback request with 502
        // When Alertmanager posts the errors breach of bert version 8
        given().contentType("application/json")
                .body(AlertmanagerPayloads.example("alertmanager-errors-breach.json"))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // Then the rollback was tried again, its decision ends FAILED_TRANSIENT at the deadline
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(
                        () -> assertThat(decision("RollbackModel")).containsEntry("outcome", "FAILED_TRANSIENT"));
        assertThat((String) decision("RollbackModel").get("detail")).contains("odpe.rollback.deadline");
        assertThat(FailingArgoCd.server.rollbacks()).hasSizeGreaterThan(1);
        // and a Notify decision of its own, caused by the same alerts, pages a person
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(decision("Notify")).containsEntry("rule", "rollback-gave-up"));
        Map<String, Object> page = decision("Notify");
        assertThat(page.get("causes")).isEqualTo(decision("RollbackModel").get("causes"));
        assertThat(page).containsEntry("intent", "EMITTED");
        @SuppressWarnings("unchecked")
        Map<String, Object> action = (Map<String, Object>) page.get("action");
        assertThat(action).containsEntry("severity", "page");
        assertThat((String) action.get("message")).contains("odpe.rollback.deadline", "a person must look");
        assertThat(given().get("/q/metrics").then().extract().asString())
                .contains("odpe_rollback_escalations_total{rule=\"rollback-gave-up\"} 1.0")
                .containsPattern("odpe_rollback_retries_total [1-9]");
    }

    /** The newest decision on bert of this action type whose rule is not a rule pack's Notify. */
    private static Map<String, Object> decision(String type) {
        List<Map<String, Object>> decisions = given().queryParam("target", "model:ml-serving/bert")
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("decisions");
        return decisions.stream()
                .filter(d -> type.equals(((Map<?, ?>) d.get("action")).get("type")))
                .filter(d -> !type.equals("Notify") || "rollback-gave-up".equals(d.get("rule")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " decision yet: " + decisions));
    }

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "odpe.planner.live-types",
                    "RollbackModel",
                    "odpe.ledger",
                    "memory",
                    "odpe.rollback.models.\"ml-serving/bert\".application",
                    "bert-serving",
                    "odpe.rollback.models.\"ml-serving/bert\".project",
                    "ml-models",
                    "odpe.rollback.models.\"ml-serving/bert\".helm-parameter",
                    "model.version",
                    "odpe.rollback.argocd.backoff",
                    "100ms",
                    "odpe.rollback.argocd.attempts",
                    "1000",
                    "odpe.rollback.deadline",
                    "10s");
        }
    }

    /** An argocd-server double that answers every rollback with 502, started before the engine. */
    public static class FailingArgoCd implements QuarkusTestResourceLifecycleManager {

        static ArgoCdServerDouble server;

        @Override
        public Map<String, String> start() {
            server = new ArgoCdServerDouble();
            server.application(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));
            server.rollbackAnswers(502, "bad gateway");
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
