package dev.odpe.engine.adapter.rulesgit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Rules from a real Git repository on disk (a bare repository, file:// URL, polled every 200 ms), the
 * default pack under {@code rules/} with one golden scenario. The tests run in order: each pushes the
 * next commit of one repository's history to the engine they share.
 */
@QuarkusTest
@TestProfile(RulesFromGitTest.GitRules.class)
@QuarkusTestResource(value = RulesFromGitTest.Remote.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesFromGitTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final String STARTS_AT = "2026-12-03T10:00:00Z";
    private static final String NOTIFY_TEXT = "Input drift on model ";
    private static final String NEW_NOTIFY_TEXT = "Input drift detected on model ";

    /** The commit that last passed the gate (kept across the ordered tests). */
    private static String good;

    @Test
    @Order(1)
    void decisionsCarryTheVersionAndCommitOfThePackThatMadeThem() {
        // Given the engine started on the repository's first commit
        String first = Remote.first.name();

        // When a latency alert for pool git-a and a drift alert for model git-m fire
        post(AlertmanagerPayloads.firing("a1a1000000000001", STARTS_AT, latency("git-a")));
        post(AlertmanagerPayloads.firing("a1a1000000000002", STARTS_AT, drift("git-m", "3")));

        // Then their decisions name that commit, and the rules API shows it active
        Map<String, Object> boost = awaitDecisions("pool:ml-serving/git-a", 1).get(0);
        assertThat(boost).containsEntry("ruleSetCommit", first);
        assertThat((String) boost.get("ruleSetVersion")).startsWith("sha256:");
        assertThat(awaitDecisions("model:ml-serving/git-m", 1).get(0)).containsEntry("ruleSetCommit", first);
        JsonPath rules = rules();
        assertThat(rules.getString("active.commit")).isEqualTo(first);
        assertThat(rules.getString("active.source")).contains("file:", "branch main", "path rules");
        good = first;
    }

    @Test
    @Order(2)
    void aPushedRuleChangeIsSwappedInKeepingWorkingMemoryWithoutFlappingUnchangedIntents() throws Exception {
        // Given the boost of pool git-a and the drift notice for git-m from the first commit, still firing
        // When a commit that rewords the drift notice is pushed
        RevCommit reworded = Remote.remote.commit(
                RulesRemote.MAIN, Map.of("rules/drift-notify.drl", notifyReworded()), "Reword the drift notice");

        // Then it is active within the poll interval, with the first commit as the previous one
        awaitActive(reworded.name());
        assertThat(rules().getString("previous.commit")).isEqualTo(good);
        // and the notice is withdrawn and emitted again in its new words, both decided under the new commit
        List<Map<String, Object>> notices = awaitDecisions("model:ml-serving/git-m", 3);
        assertThat(notices.subList(0, 2))
                .extracting(d -> d.get("intent"))
                .containsExactlyInAnyOrder("WITHDRAWN", "EMITTED");
        assertThat(notices.subList(0, 2))
                .allSatisfy(d -> assertThat(d).containsEntry("ruleSetCommit", reworded.name()));
        // and the unchanged boost is neither withdrawn nor emitted again (no action flap)
        post(AlertmanagerPayloads.firing("a1a1000000000003", STARTS_AT, latency("git-a-marker")));
        awaitDecisions("pool:ml-serving/git-a-marker", 1);
        assertThat(decisions("pool:ml-serving/git-a")).hasSize(1);
        good = reworded.name();
    }

    @Test
    @Order(3)
    void aDriftAlertFiredBeforeTheSwapStillCorrelatesWithALatencyBreachAfterIt() {
        // Given the drift alert for git-m version 3, fired under the first commit
        // When a latency breach of the same model version fires under the new commit
        Map<String, String> labels = new HashMap<>(latency("git-m-pool"));
        labels.put("model", "git-m");
        labels.put("version", "3");
        post(AlertmanagerPayloads.firing("a1a1000000000004", "2026-12-03T10:05:00Z", labels));

        // Then the rollback correlates both alerts
        Map<String, Object> rollback = awaitDecisions("model:ml-serving/git-m", 4).stream()
                .filter(d -> "RollbackModel".equals(action(d).get("type")))
                .findFirst()
                .orElseThrow();
        assertThat(action(rollback)).containsEntry("reason", "drift+latency");
        assertThat(rollback.get("causes")).isEqualTo(List.of("a1a1000000000002", "a1a1000000000004"));
        assertThat(rollback).containsEntry("ruleSetCommit", good);
    }

    @Test
    @Order(4)
    void aSyntaxErrorIsRejectedWithFileAndLineAndTheLastGoodPackStaysActive() throws Exception {
        // Given the reworded pack active
        // When a commit with a syntax error in scale-pool.drl is pushed
        RevCommit broken = Remote.remote.commit(
                RulesRemote.MAIN,
                Map.of("rules/scale-pool.drl", scalePool().replace("pool != null)", "pool != null")),
                "Break a rule");

        // Then it is rejected, naming file and line, and the last good commit stays active and ready
        JsonPath rules = awaitRejection(broken.name());
        assertThat(rules.getString("active.commit")).isEqualTo(good);
        assertThat(rules.getList("lastRejection.problems.file", String.class)).contains("scale-pool.drl");
        assertThat(rules.getList("lastRejection.problems.line", Integer.class)).anyMatch(line -> line > 0);
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body(containsString(broken.name()))
                .body(containsString("scale-pool.drl"));
        assertThat(metric("odpe_rules_reload_total{result=\"rejected\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    @Order(5)
    void aPackWhoseGoldenScenarioFailsIsRejectedNamingTheScenario() throws Exception {
        // Given the syntax error on main
        // When a commit that compiles but boosts by one replica more than its scenario expects is pushed
        RevCommit wrong = Remote.remote.commit(
                RulesRemote.MAIN, Map.of("rules/scale-pool.drl", scaleBy3()), "Boost by 3 without fixing the scenario");

        // Then it is rejected naming the failing scenario, and the last good commit stays active
        JsonPath rules = awaitRejection(wrong.name());
        assertThat(rules.getString("active.commit")).isEqualTo(good);
        assertThat(rules.getList("lastRejection.failedScenarios.name", String.class))
                .containsExactly("latency-breach-boosts-pool");
        assertThat(rules.getString("lastRejection.failedScenarios[0].detail")).contains("\"step\":3");
    }

    @Test
    @Order(6)
    void aFixIsActivatedAndItsCommitStampedOnNewDecisions() throws Exception {
        // Given two rejected commits on main
        // When a fix restores the scale rule
        RevCommit fix = Remote.remote.commit(
                RulesRemote.MAIN, Map.of("rules/scale-pool.drl", scalePool() + "\n// fixed\n"), "Restore the boost");

        // Then it becomes active, and a new alert is decided under it
        awaitActive(fix.name());
        post(AlertmanagerPayloads.firing("a1a1000000000005", STARTS_AT, latency("git-fixed")));
        assertThat(awaitDecisions("pool:ml-serving/git-fixed", 1).get(0)).containsEntry("ruleSetCommit", fix.name());
        good = fix.name();
    }

    @Test
    @Order(7)
    void theShadowPackListsWhereItWouldBoostBy3InsteadOf2() {
        // Given the shadow branch, whose latency rule boosts by 3, running beside the active pack
        // When a latency alert fires for pool shadow-a
        post(AlertmanagerPayloads.firing("a1a1000000000006", STARTS_AT, latency("shadow-a")));
        awaitDecisions("pool:ml-serving/shadow-a", 1);

        // Then the shadow endpoint lists a different-action disagreement caused by that alert
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(shadowFor("a1a1000000000006")).isNotNull());
        Map<String, Object> disagreement = shadowFor("a1a1000000000006");
        assertThat(disagreement).containsEntry("agreement", "different-action").containsEntry("intent", "EMITTED");
        assertThat(side(disagreement, "active")).containsEntry("step", 2);
        assertThat(side(disagreement, "shadow")).containsEntry("step", 3);
        assertThat(disagreement).containsEntry("shadowCommit", Remote.shadow.name());
        assertThat(metric("odpe_shadow_decisions_total{agreement=\"different-action\"}"))
                .isGreaterThanOrEqualTo(1);
        // and the shadow never acted: the one decision for the pool is the active pack's boost by 2
        assertThat(decisions("pool:ml-serving/shadow-a"))
                .singleElement()
                .satisfies(d -> assertThat(action(d)).containsEntry("step", 2));
    }

    @Test
    @Order(8)
    void aRefreshFetchesAtOnceAndSaysWhatItFound() {
        // Given nothing pushed since the fix
        // When a push webhook asks for a refresh
        given().post("/api/v1/rules/refresh")
                // Then the Git source answers that nothing changed
                .then()
                .statusCode(200)
                .body("sources[0].result", equalTo("unchanged"))
                .body("sources[0].source", containsString("branch main"));
    }

    @Test
    @Order(9)
    void badFiltersOnTheShadowListAreProblems() {
        // When a client asks for a shadow page with a non-numeric limit
        given().queryParam("limit", "ten")
                .get("/api/v1/rules/shadow")
                // Then it gets problem JSON naming the field
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("limit"))
                .body("detail", containsString("between 1 and 1000"));
        given().queryParam("agreement", "maybe")
                .get("/api/v1/rules/shadow")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("field", equalTo("agreement"));
    }

    // ---- the repository's content ----

    private static String scalePool() {
        return RulesRemote.defaultFile("scale-pool.drl");
    }

    private static String scaleBy3() {
        String pool = scalePool();
        int latency = pool.indexOf("rule \"latency-breach-boosts-pool\"");
        int end = pool.indexOf("end", latency);
        return pool.substring(0, latency)
                + pool.substring(latency, end).replace("$s.scaleStep()", "$s.scaleStep() + 1")
                + pool.substring(end);
    }

    private static String notifyReworded() {
        return RulesRemote.defaultFile("drift-notify.drl").replace(NOTIFY_TEXT, NEW_NOTIFY_TEXT);
    }

    // ---- the engine's API ----

    private static void awaitActive(String commit) {
        await().atMost(WITHIN).until(() -> commit.equals(rules().getString("active.commit")));
    }

    private static JsonPath awaitRejection(String commit) {
        await().atMost(WITHIN).until(() -> commit.equals(rules().getString("lastRejection.commit")));
        return rules();
    }

    private static JsonPath rules() {
        return given().get("/api/v1/rules").then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> shadowFor(String fingerprint) {
        List<Map<String, Object>> disagreements = given().get("/api/v1/rules/shadow")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("disagreements");
        return disagreements.stream()
                .filter(d -> ((List<?>) d.get("causes"))
                        .stream().anyMatch(c -> fingerprint.equals(((Map<?, ?>) c).get("fingerprint"))))
                .findFirst()
                .orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> side(Map<String, Object> disagreement, String side) {
        return (Map<String, Object>) ((Map<String, Object>) disagreement.get(side)).get("action");
    }

    private static Map<String, String> latency(String pool) {
        return Map.of(
                "alertname", "TritonP99LatencyHigh",
                "signal", "latency",
                "namespace", "ml-serving",
                "pool", pool,
                "severity", "page");
    }

    private static Map<String, String> drift(String model, String version) {
        return Map.of(
                "alertname", "ModelInputDrift",
                "signal", "drift",
                "namespace", "ml-serving",
                "model", model,
                "version", version,
                "severity", "warning");
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
        await().atMost(WITHIN).until(() -> decisions(target).size() >= count);
        return decisions(target);
    }

    private static List<Map<String, Object>> decisions(String target) {
        return given().queryParam("target", target)
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("decisions");
    }

    private static double metric(String series) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(0);
    }

    /** The engine polls the remote every 200 ms; the shadow ref is the branch "shadow". */
    public static class GitRules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("odpe.rules.git.poll-interval", "200ms", "odpe.rules.shadow.ref", "shadow");
        }
    }

    /** The bare repository: main holds the default pack, branch shadow the same but boosting by 3. */
    public static class Remote implements QuarkusTestResourceLifecycleManager {

        static RulesRemote remote;
        static RevCommit first;
        static RevCommit shadow;
        private Path root;

        @Override
        public Map<String, String> start() {
            try {
                root = Files.createTempDirectory("odpe-rules-git");
                remote = new RulesRemote(root);
                first = remote.commit(RulesRemote.MAIN, RulesRemote.defaultPack(), "The default pack");
                Map<String, String> by3 = new HashMap<>();
                by3.put("rules/scale-pool.drl", scaleBy3());
                by3.put(
                        "rules/scenarios/latency-breach-boosts-pool/expected-actions.json",
                        RulesRemote.defaultPack()
                                .get("rules/scenarios/latency-breach-boosts-pool/expected-actions.json")
                                .replace("\"step\": 2", "\"step\": 3"));
                shadow = remote.commit("shadow", by3, "Boost by 3");
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the rules repository", e);
            }
            return Map.of(
                    "odpe.rules.git.url", remote.bare.toUri().toString(),
                    "odpe.rules.git.path", RulesRemote.PATH,
                    "odpe.rules.git.work-dir", root.resolve("engine-work").toString());
        }

        @Override
        public void stop() {
            remote.close();
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temp directory left behind is harmless
            }
        }
    }
}
