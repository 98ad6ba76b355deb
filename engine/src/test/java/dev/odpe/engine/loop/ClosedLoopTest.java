package dev.odpe.engine.loop;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole loop over real HTTP with the bundled pack in its default dry-run mode:
 * webhook → facts → rules → planner → dry-run recorder → audit API. Each test uses its own pool or
 * model so the tests share one running engine without seeing each other's decisions.
 */
@QuarkusTest
class ClosedLoopTest {

    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(10);
    private static final String STARTS_AT = "2026-11-28T10:00:00Z";

    @Test
    void latencyBreachFromTheExamplePayloadBecomesAnAuditedDryRunBoost() {
        // Given the README's example: a p99 latency alert for pool triton-a100
        String body = AlertmanagerPayloads.example("alertmanager-latency-breach.json");
        // When Alertmanager posts it
        post(body);
        // Then one dry-run ScalePool decision is recorded for that pool, with its cause and rule set version
        Map<String, Object> decision =
                awaitDecisions("pool:ml-serving/triton-a100", 1).get(0);
        assertThat(decision)
                .containsEntry("intent", "EMITTED")
                .containsEntry("outcome", "DRY_RUN")
                .containsEntry("dryRun", true)
                .containsEntry("rule", "latency-breach-boosts-pool");
        assertThat(decision.get("causes")).isEqualTo(List.of("8223428fff28d0fa"));
        assertThat(action(decision))
                .containsEntry("type", "ScalePool")
                .containsEntry("pool", "triton-a100")
                .containsEntry("namespace", "ml-serving")
                .containsEntry("ttl", "PT15M");
        assertThat((String) decision.get("ruleSetVersion")).startsWith("sha256:");
        assertThat((String) decision.get("traceId")).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    }

    @Test
    void errorsBreachForAModelVersionRollsTheModelBackAwayFromThatVersion() {
        // Given an errors alert for bert version 8
        String body = AlertmanagerPayloads.example("alertmanager-errors-breach.json");
        // When Alertmanager posts it
        post(body);
        // Then a dry-run RollbackModel away from version 8 is recorded for the model
        Map<String, Object> decision =
                awaitDecisions("model:ml-serving/bert", 1).get(0);
        assertThat(action(decision))
                .containsEntry("type", "RollbackModel")
                .containsEntry("badVersion", "8")
                .containsEntry("reason", "errors");
        assertThat(decision).containsEntry("outcome", "DRY_RUN");
    }

    @Test
    void repeatOfTheSameGroupIsCountedAsDuplicateAndDecidedOnlyOnce() {
        // Given a latency alert for pool repeat-a that was already decided on
        String body = AlertmanagerPayloads.firing("aaaa000000000001", STARTS_AT, latency("repeat-a"));
        post(body);
        awaitDecisions("pool:ml-serving/repeat-a", 1);
        double duplicatesBefore = metric("odpe_alerts_duplicate_total");
        // When Alertmanager sends the same group again (repeat_interval, HA peer)
        post(body);
        // Then the repeat is counted as a duplicate (an identical re-fire would decide nothing either, so
        // the counter is what shows the dedupe worked), and once a later alert is decided, which the one
        // evaluation thread does after anything posted before it, there is still one decision
        await().atMost(DECIDED_WITHIN).until(() -> metric("odpe_alerts_duplicate_total") >= duplicatesBefore + 1);
        post(AlertmanagerPayloads.firing("aaaa000000000002", STARTS_AT, latency("repeat-a-marker")));
        awaitDecisions("pool:ml-serving/repeat-a-marker", 1);
        assertThat(decisions("pool:ml-serving/repeat-a")).hasSize(1);
    }

    @Test
    void resolvedAlertWithdrawsTheIntentItJustified() {
        // Given a firing latency alert for pool resolve-a that produced a boost
        Map<String, String> labels = latency("resolve-a");
        post(AlertmanagerPayloads.firing("bbbb000000000001", STARTS_AT, labels));
        awaitDecisions("pool:ml-serving/resolve-a", 1);
        // When the alert resolves
        post(AlertmanagerPayloads.resolved("bbbb000000000001", STARTS_AT, "2026-11-28T10:05:00Z", labels));
        // Then the newest decision withdraws the boost, naming the same cause
        Map<String, Object> withdrawal =
                awaitDecisions("pool:ml-serving/resolve-a", 2).get(0);
        assertThat(withdrawal).containsEntry("intent", "WITHDRAWN").containsEntry("outcome", "WITHDRAWN");
        assertThat(withdrawal.get("causes")).isEqualTo(List.of("bbbb000000000001"));
    }

    @Test
    void secondReasonToBoostTheSamePoolIsDecidedNotSuppressedByCooldown() {
        // Given a boost for pool cool-a from one alert
        post(AlertmanagerPayloads.firing("cccc000000000001", STARTS_AT, latency("cool-a")));
        awaitDecisions("pool:ml-serving/cool-a", 1);
        // When a different alert (queue breach) asks to boost the same pool minutes later
        Map<String, String> queue = Map.of(
                "alertname",
                "TritonQueueHigh",
                "signal",
                "queue",
                "namespace",
                "ml-serving",
                "pool",
                "cool-a",
                "severity",
                "page");
        post(AlertmanagerPayloads.firing("cccc000000000002", STARTS_AT, queue));
        // Then it is decided like the first (boosts are level state, one per reason; no cooldown)
        Map<String, Object> second = awaitDecisions("pool:ml-serving/cool-a", 2).get(0);
        assertThat(second).containsEntry("outcome", "DRY_RUN").containsEntry("rule", "queue-breach-boosts-pool");
        assertThat(action(second)).containsEntry("reason", "queue");
    }

    @Test
    void metricsExposeAlertsDecisionsQueueDepthAndEvaluationLatency() {
        // Given at least one decision was made
        post(AlertmanagerPayloads.firing("dddd000000000001", STARTS_AT, latency("metrics-a")));
        awaitDecisions("pool:ml-serving/metrics-a", 1);
        // When Prometheus scrapes the engine
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        // Then the loop's metrics are there
        assertThat(metrics)
                .contains("odpe_alerts_received_total")
                .contains("odpe_alerts_duplicate_total")
                .contains(
                        "odpe_decisions_total{action=\"ScalePool\",outcome=\"DRY_RUN\",rule=\"latency-breach-boosts-pool\"}")
                .contains("odpe_evaluation_queue_depth")
                .contains("odpe_evaluation_duration_seconds_bucket")
                .contains("odpe_evaluation_lag_seconds_count");
    }

    @Test
    void decisionIsTracedInTheTraceOfTheWebhookThatCausedIt() {
        // Given a webhook call that carries W3C trace context, as an instrumented proxy would add
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String body = AlertmanagerPayloads.firing("eeee000000000001", STARTS_AT, latency("trace-a"));
        // When it is posted
        given().contentType("application/json")
                .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);
        // Then the decision's span belongs to that same trace
        Map<String, Object> decision =
                awaitDecisions("pool:ml-serving/trace-a", 1).get(0);
        assertThat(decision).containsEntry("traceId", traceId);
    }

    @Test
    void decisionsPageLimitOutOfRangeIsAProblem() {
        // When a client asks for a page larger than allowed
        given().queryParam("limit", 0)
                .get("/api/v1/decisions")
                // Then it gets a 400 that says the allowed range
                .then()
                .statusCode(400)
                .body(containsString("limit must be between 1 and"));
    }

    @Test
    void unknownDecisionIdIsNotFound() {
        given().get("/api/v1/decisions/no-such-id").then().statusCode(404).body(containsString("no-such-id"));
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> action(Map<String, Object> decision) {
        return (Map<String, Object>) decision.get("action");
    }

    private static void post(String body) {
        given().contentType("application/json")
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);
    }

    private static List<Map<String, Object>> awaitDecisions(String target, int count) {
        await().atMost(DECIDED_WITHIN).until(() -> decisions(target).size() >= count);
        return decisions(target);
    }

    private static List<Map<String, Object>> decisions(String target) {
        JsonPath page = given().queryParam("target", target)
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return page.getList("decisions");
    }

    private static double metric(String name) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        // Sample lines are "name{labels} value" and may carry an exemplar after the value: " # {...} v ts".
        return metrics.lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .sum();
    }
}
