package dev.odpe.engine.loop;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.odpe.engine.evaluate.BoundedEvaluationQueue;
import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** odpe.evaluation.max-alerts over real HTTP, with the real evaluation thread publishing the count. */
@QuarkusTest
@TestProfile(WorkingMemoryBoundTest.TwoAlerts.class)
class WorkingMemoryBoundTest {

    private static final String STARTS_AT = "2026-11-28T10:00:00Z";

    public static class TwoAlerts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("odpe.evaluation.max-alerts", "2");
        }
    }

    @Inject
    BoundedEvaluationQueue queue;

    @Test
    void newFiringAlertsBeyondMaxAlertsGet503WithRetryAfterWhileResolvesAreAdmitted() {
        // Given working memory at its bound of two firing alerts
        post(AlertmanagerPayloads.firing("bbbb000000000001", STARTS_AT, latency("bound-a")))
                .statusCode(202);
        post(AlertmanagerPayloads.firing("bbbb000000000002", STARTS_AT, latency("bound-b")))
                .statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.firingAlerts() == 2);
        // When a third distinct alert fires, then it is refused so that the sender retries, naming the key
        post(AlertmanagerPayloads.firing("bbbb000000000003", STARTS_AT, latency("bound-c")))
                .statusCode(503)
                .header("Retry-After", "5")
                .body("detail", containsString("odpe.evaluation.max-alerts is 2"));
        // And a repeat of a firing alert is still answered 2xx (dropped as a duplicate)
        post(AlertmanagerPayloads.firing("bbbb000000000001", STARTS_AT, latency("bound-a")))
                .statusCode(202)
                .body("duplicates", equalTo(1));
        // And a resolve is admitted at the bound, and frees room for the refused alert's retry
        post(AlertmanagerPayloads.resolved("bbbb000000000001", STARTS_AT, "2026-11-28T10:05:00Z", latency("bound-a")))
                .statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> queue.firingAlerts() == 1);
        post(AlertmanagerPayloads.firing("bbbb000000000003", STARTS_AT, latency("bound-c")))
                .statusCode(202)
                .body("accepted", equalTo(1));
        // And the refusal is counted
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("odpe_evaluation_refused_total{reason=\"max-alerts\"} 1.0"))
                .body(containsString("odpe_evaluation_firing_alerts"));
    }

    private static Map<String, String> latency(String pool) {
        return Map.of(
                "alertname",
                "TritonP99LatencyHigh",
                "signal",
                "latency",
                "namespace",
                "ml-serving",
                "pool",
                pool,
                "severity",
                "page");
    }

    private static ValidatableResponse post(String body) {
        return given().contentType("application/json")
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then();
    }
}
