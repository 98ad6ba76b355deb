package dev.odpe.engine.rollback.argocd;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.testing.AlertmanagerPayloads;
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
    void anErrorsBreachOfBertVersion8RollsItBackThroughArgoCdAndTheAuditShowsHowItEnded() {
        // Given bert-serving serves version 8 after 6 and 7, and Argo CD will accept a rollback
        ArgoCd.serveVersion8ThenAcceptARollback();

        // When Alertmanager posts the errors breach of bert version 8
        given().contentType("application/json").body(AlertmanagerPayloads.example("alertmanager-errors-breach.json"))
                .post("/api/v1/alerts/alertmanager").then().statusCode(202);

        // Then the RollbackModel decision ends EXECUTED, after Argo CD was asked to go back to history id 2
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rollback())
                .containsEntry("outcome", "EXECUTED").containsEntry("dryRun", false));
        assertThat((String) rollback().get("detail")).contains("history id 2", "version 7", "succeeded");
        assertThat(ArgoCd.server.rollbacks()).filteredOn(r -> r.path().contains("/bert-serving/")).singleElement()
                .satisfies(r -> assertThat(r.body()).contains("\"id\":2", "\"project\":\"ml-models\""));
    }

    @Test
    void aRollbackWhoseAlertResolvesWithinTheWindowIsVerified() {
        // Given gpt version 8 was rolled back through Argo CD
        ArgoCd.serveVersion8ThenAcceptARollback();
        Map<String, String> labels = errorsOf("gpt");
        given().contentType("application/json").body(AlertmanagerPayloads.firing("9a000000000000a1", STARTS_AT, labels))
                .post("/api/v1/alerts/alertmanager").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rollback("gpt"))
                .containsEntry("outcome", "EXECUTED"));

        // When its errors alert resolves within the verification window
        given().contentType("application/json").body(AlertmanagerPayloads.resolved("9a000000000000a1", STARTS_AT,
                "2026-11-28T05:10:00Z", labels)).post("/api/v1/alerts/alertmanager").then().statusCode(202);

        // Then the rollback decision says it is verified, and nothing escalates
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat((String) rollback("gpt").get("detail"))
                .contains("verified: its alert resolved"));
        assertThat(rollback("gpt").get("outcome")).isEqualTo("EXECUTED");
        assertThat(decisions("gpt")).noneMatch(d -> "rollback-verification".equals(d.get("rule")));
    }

    @Test
    void aRollbackWhoseAlertStillFiresAfterTheWindowEscalatesWithANotify() {
        // Given t5 version 8 was rolled back through Argo CD
        ArgoCd.serveVersion8ThenAcceptARollback();
        given().contentType("application/json").body(AlertmanagerPayloads.firing("9a000000000000b2", STARTS_AT,
                errorsOf("t5"))).post("/api/v1/alerts/alertmanager").then().statusCode(202);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(rollback("t5"))
                .containsEntry("outcome", "EXECUTED"));

        // When the verification window passes with its errors alert still firing
        // Then a Notify decision escalates, and the rollback decision says it was not verified
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(decisions("t5"))
                .anySatisfy(d -> assertThat(d).containsEntry("rule", "rollback-verification")
                        .satisfies(n -> assertThat(((Map<?, ?>) n.get("action")).get("type")).isEqualTo("Notify"))));
        assertThat((String) rollback("t5").get("detail")).contains("NOT verified", "escalated");
    }

    private static final String STARTS_AT = "2026-11-28T05:00:00Z";

    private static Map<String, String> errorsOf(String model) {
        return Map.of("alertname", "TritonErrorRateHigh", "signal", "errors", "namespace", "ml-serving",
                "pool", "triton-a100", "model", model, "version", "8", "severity", "page");
    }

    private static Map<String, Object> rollback() {
        return rollback("bert");
    }

    private static Map<String, Object> rollback(String model) {
        List<Map<String, Object>> decisions = decisions(model);
        return decisions.stream().filter(d -> "RollbackModel".equals(((Map<?, ?>) d.get("action")).get("type")))
                .filter(d -> "EMITTED".equals(d.get("intent")))
                .findFirst().orElseThrow(() -> new AssertionError("no RollbackModel decision yet: " + decisions));
    }

    private static List<Map<String, Object>> decisions(String model) {
        return given().queryParam("target", "model:ml-serving/" + model)
                .get("/api/v1/decisions").then().statusCode(200).extract().jsonPath().getList("decisions");
    }

    public static class LiveRollbacks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new java.util.HashMap<>(Map.of("odpe.planner.live-types", "RollbackModel",
                    "odpe.rollback.argocd.watch-interval", "100ms",
                    "odpe.rollback.argocd.watch-timeout", "15s",
                    "odpe.rollback.argocd.backoff", "100ms",
                    "odpe.rollback.verify.window", "6s"));
            for (String model : List.of("bert", "gpt", "t5")) {
                String key = "odpe.rollback.models.\"ml-serving/" + model + "\".";
                config.put(key + "application", model + "-serving");
                config.put(key + "project", "ml-models");
                config.put(key + "helm-parameter", "model.version");
            }
            return config;
        }
    }

    /** The argocd-server double and its token file, started before the engine. */
    public static class ArgoCd implements QuarkusTestResourceLifecycleManager {

        static ArgoCdServerDouble server;

        /** Every Application name is answered alike: serving 8 after 6 and 7; a rollback makes it serve 7. */
        static void serveVersion8ThenAcceptARollback() {
            server.application(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));
            server.afterRollback(Applications.bertServing("7", "Succeeded", ArgoCdServerDouble.ACCEPTED_AT));
        }

        @Override
        public Map<String, String> start() {
            server = new ArgoCdServerDouble();
            serveVersion8ThenAcceptARollback();
            try {
                Path token = Files.createTempFile("argocd-token", "");
                Files.writeString(token, "proj-role-jwt");
                return Map.of("odpe.rollback.argocd.url", server.uri().toString(),
                        "odpe.rollback.argocd.token-file", token.toString());
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
