package dev.odpe.engine.it.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.testsupport.AlertmanagerPayloads;
import dev.odpe.testsupport.PackagedEngine;
import dev.odpe.testsupport.cluster.AlertLoad;
import dev.odpe.testsupport.cluster.ArgoCdApplications;
import dev.odpe.testsupport.cluster.EngineCluster;
import dev.odpe.testsupport.cluster.EngineReplica;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's proof: three packaged engines (separate processes, pods {@code odpe-engine-N}) share
 * fabric8's mock API server (CRUD: the Lease, the shared intents ConfigMap, Pods, {@code
 * Remediation}s), the real Alertmanager posts to the leader-labelled ingest Service, and {@code
 * RollbackModel} and {@code ScalePool} are live against an argocd-server double whose rollback
 * operations run for a few seconds. Under a steady alert load the leader is SIGKILLed in the middle of
 * rollbacks, several times, and the cluster is rolled with SIGTERM. Everything is observed from
 * outside, as an operator would: Argo CD's requests, Kubernetes objects, the engines' audit lines.
 */
class LeaderFailoverIT {

    private static final String SERVING = "ml-serving";
    private static final int MODELS_PER_TEST = 20;
    private static final List<String> KILL_MODELS = models(0, MODELS_PER_TEST);
    private static final List<String> ROLL_MODELS = models(MODELS_PER_TEST, 2 * MODELS_PER_TEST);
    private static final Duration OPERATION = Duration.ofSeconds(3);
    private static final int KILLS = 3;
    private static final Duration TAKEOVER_WITHIN = Duration.ofSeconds(45);
    private static final Duration CONVERGE_WITHIN = Duration.ofSeconds(60);
    private static final Duration GRACE = Duration.ofSeconds(45);
    private static final Set<String> FINAL_PHASES = Set.of("Succeeded", "Failed", "Verified", "Escalated");

    /**
     * Short leases so a takeover takes seconds, not the production 15 s: a killed leader's Lease expires
     * after {@code lease-duration}; the holder renews every {@code retry-period}.
     */
    static final Map<String, String> LEASE = Map.of(
            "odpe.leader-election.lease-duration", "3s",
            "odpe.leader-election.renew-deadline", "2s",
            "odpe.leader-election.retry-period", "500ms");

    private static EngineCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>(Map.of(
                "odpe.planner.live-types", "RollbackModel,ScalePool",
                "odpe.ledger", "kubernetes",
                "odpe.alertmanager.resync-interval", "5s",
                "odpe.scaler.intents.refresh", "500ms",
                "odpe.rollback.argocd.watch-interval", "250ms",
                "odpe.rollback.argocd.watch-timeout", "30s",
                "odpe.rollback.argocd.backoff", "200ms",
                // the errors alerts keep firing after their rollback: no escalation during the test
                "odpe.rollback.verify-within", "10m",
                "odpe.rollback.workers", "8"));
        properties.putAll(LEASE);
        List<String> models = new ArrayList<>(KILL_MODELS);
        models.addAll(ROLL_MODELS);
        Path logs = Files.createTempDirectory("odpe-failover-it");
        cluster = EngineCluster.start(new EngineCluster.Settings(
                PackagedEngine.ENGINE_MODULE_JAR,
                3,
                "odpe",
                models.stream().map(m -> SERVING + "/" + m).toList(),
                OPERATION,
                properties,
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
                logs));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void killingTheLeaderMidRollbackSeveralTimesLeavesEveryActionDoneExactlyOnceAndRecorded() {
        // Given a leader deciding on a steady load: a new pool under latency pressure every 400 ms, a new
        // model failing every 1.5 s, each rollback's Argo CD operation running for 3 s
        EngineReplica leader =
                cluster.awaitLeader(Optional.empty(), TAKEOVER_WITHIN).leader();
        awaitOnlyLeader(leader);
        List<String> runningAtKill = new ArrayList<>();
        try (AlertLoad load = AlertLoad.start(
                cluster.alertmanager(),
                SERVING,
                "kill",
                Duration.ofMillis(400),
                KILL_MODELS,
                Duration.ofMillis(1500))) {
            for (int kill = 1; kill <= KILLS; kill++) {
                // When the leader is SIGKILLed while a rollback it started is running in Argo CD
                EngineReplica current = leader;
                await().atMost(TAKEOVER_WITHIN)
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> !rollbacksRunningFrom(current).isEmpty());
                runningAtKill.addAll(rollbacksRunningFrom(current));
                EngineCluster.Kill killed = cluster.killAndRestart(leader);

                // Then another replica takes the Lease and acts: it decides within the takeover
                EngineCluster.Takeover takeover = cluster.awaitLeader(Optional.of(leader), TAKEOVER_WITHIN);
                EngineReplica next = takeover.leader();
                int process = next.processes() - 1;
                await().atMost(TAKEOVER_WITHIN)
                        .alias("a decision of the new leader " + next.pod() + " after kill " + kill)
                        .until(() -> !cluster.journal()
                                .matching(e -> e.pod().equals(next.pod())
                                        && e.process() == process
                                        && e.time().isAfter(killed.at()))
                                .isEmpty());
                // and it alone says it leads, the Service routes to it, and a follower refuses webhooks for now
                awaitOnlyLeader(next);
                assertAFollowerRefusesWebhooks(next);
                // and every latency alert firing in Alertmanager at the takeover has its pool's intent
                awaitIntentsOf(firingLatencyPools("kill"));
                killed.awaitRestarted();
                leader = next;
            }
            assertThat(load.failures()).as("alerts Alertmanager refused").isEmpty();
            load.close();

            // Then, once the load stopped and the last rollbacks ended:
            List<String> models = load.posted(AlertLoad.ERRORS).stream()
                    .map(AlertLoad.Posted::name)
                    .toList();
            assertThat(models).as("failing models posted").hasSizeGreaterThanOrEqualTo(KILLS);
            assertThat(runningAtKill)
                    .as("rollbacks running in Argo CD at the kills")
                    .hasSizeGreaterThanOrEqualTo(KILLS);
            awaitEveryModelRolledBackExactlyOnceAndRecorded(models);
            awaitIntentsOf(firingLatencyPools("kill"));
            assertNoDuplicateRemediation();
        }
    }

    @Test
    void aSigtermRollingRestartOfEveryReplicaLosesNoDecision() {
        // Given a leader deciding on a steady load
        cluster.awaitLeader(Optional.empty(), TAKEOVER_WITHIN);
        try (AlertLoad load = AlertLoad.start(
                cluster.alertmanager(),
                SERVING,
                "roll",
                Duration.ofMillis(400),
                ROLL_MODELS,
                Duration.ofMillis(2000))) {
            // When every replica is replaced, one at a time, each old one stopped with SIGTERM
            Map<String, Boolean> exited = cluster.rollingRestart(GRACE);

            // Then each stopped within its termination grace period (drain, then the Lease released)
            assertThat(exited)
                    .as("old pods that exited within %s of SIGTERM", GRACE)
                    .doesNotContainValue(false);
            assertThat(load.failures()).as("alerts Alertmanager refused").isEmpty();
            load.close();
            // and no decision was lost: every failing model rolled back once, every pool under pressure boosted
            List<String> models = load.posted(AlertLoad.ERRORS).stream()
                    .map(AlertLoad.Posted::name)
                    .toList();
            assertThat(models).as("failing models posted").isNotEmpty();
            awaitEveryModelRolledBackExactlyOnceAndRecorded(models);
            awaitIntentsOf(firingLatencyPools("roll"));
            List<String> pools = load.posted(AlertLoad.LATENCY).stream()
                    .map(AlertLoad.Posted::name)
                    .toList();
            assertThat(cluster.sharedIntents().keySet())
                    .as("pools boosted")
                    .containsAll(pools.stream().map(p -> SERVING + "." + p).toList());
            assertNoDuplicateRemediation();
        }
    }

    /** {@code leader} alone reports {@code odpe_leader 1} and carries the leader label (the ingest Service's only endpoint). */
    private static void awaitOnlyLeader(EngineReplica leader) {
        await().atMost(TAKEOVER_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            assertThat(cluster.ingest().endpoints())
                    .as("ingest Service endpoints")
                    .containsExactly(leader);
            for (EngineReplica pod : cluster.replicas()) {
                Optional<PackagedEngine> engine = pod.engine();
                if (engine.isPresent()) {
                    assertThat(EngineCluster.metric(engine.get(), "odpe_leader"))
                            .as("odpe_leader of %s", pod.pod())
                            .isEqualTo(pod == leader ? 1.0 : 0.0);
                }
            }
        });
    }

    /** A webhook sent straight to a follower (a stale endpoint) gets 503 with Retry-After, so Alertmanager retries. */
    private static void assertAFollowerRefusesWebhooks(EngineReplica leader) {
        PackagedEngine follower = cluster.replicas().stream()
                .filter(r -> r != leader)
                .map(EngineReplica::engine)
                .flatMap(Optional::stream)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no live follower"));
        HttpResponse<String> answer = post(
                follower.uri("/api/v1/alerts/alertmanager"),
                AlertmanagerPayloads.firing(
                        "f0110000000000ff",
                        "2026-12-03T10:00:00Z",
                        Map.of(
                                "alertname",
                                "TritonP99LatencyHigh",
                                "signal",
                                "latency",
                                "namespace",
                                SERVING,
                                "pool",
                                "follower-probe",
                                "severity",
                                "page")));
        assertThat(answer.statusCode())
                .as("a follower's answer to a webhook: %s", answer.body())
                .isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).as("Retry-After").isPresent();
    }

    private static HttpResponse<String> post(URI uri, String json) {
        try {
            return HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(json))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each model: one rollback request at Argo CD (none refused, none repeated), one Remediation, ended. */
    private static void awaitEveryModelRolledBackExactlyOnceAndRecorded(List<String> models) {
        await().atMost(CONVERGE_WITHIN).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            Map<String, Long> requests = cluster.argocd().rollbacks().stream()
                    .filter(r -> models.contains(r.application()))
                    .collect(Collectors.groupingBy(
                            ArgoCdApplications.RollbackRequest::application, Collectors.counting()));
            assertThat(requests)
                    .as("rollback requests per Application at argocd-server")
                    .containsOnlyKeys(models)
                    .allSatisfy((app, count) -> assertThat(count).as(app).isEqualTo(1L));
            Map<String, List<JsonNode>> remediations = rollbackRemediations().stream()
                    .collect(Collectors.groupingBy(
                            r -> modelOf(r.path("spec").path("target").asText())));
            assertThat(remediations)
                    .as("RollbackModel Remediations per model")
                    .containsKeys(models.toArray(String[]::new));
            models.forEach(m -> assertThat(remediations.get(m))
                    .as("Remediations of %s", m)
                    .singleElement()
                    .satisfies(r -> assertThat(r.path("status").path("phase").asText())
                            .as("phase of %s", r.path("metadata").path("name").asText())
                            .isIn(FINAL_PHASES)));
        });
    }

    /** Pools ({@code <namespace>.<pool>}) named {@code <prefix>-…} of the latency alerts Alertmanager holds as active now. */
    private static List<String> firingLatencyPools(String prefix) {
        return cluster.alertmanager().activeAlertLabels().stream()
                .filter(l -> "latency".equals(l.get("signal"))
                        && l.getOrDefault("pool", "").startsWith(prefix + "-"))
                .map(l -> l.get("namespace") + "." + l.get("pool"))
                .toList();
    }

    /**
     * Each of {@code pools} gets its {@code latency} intent in the shared ConfigMap. A fixed set: under a steady
     * load a newer alert is always on its way, so "everything firing now" never holds at one instant.
     */
    private static void awaitIntentsOf(List<String> pools) {
        await().atMost(TAKEOVER_WITHIN).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            Map<String, Set<String>> intents = cluster.sharedIntents();
            assertThat(pools)
                    .as("pools under latency pressure without a latency intent (intents: %s)", intents)
                    .allSatisfy(pool ->
                            assertThat(intents.getOrDefault(pool, Set.of())).contains("latency"));
        });
    }

    /** No idempotency key has two Remediations (a second commit of one action under another name). */
    private static void assertNoDuplicateRemediation() {
        List<JsonNode> all = cluster.remediations();
        Map<String, Long> perKey = all.stream()
                .collect(Collectors.groupingBy(
                        r -> r.path("spec").path("idempotencyKey").asText(""), Collectors.counting()));
        assertThat(perKey).as("Remediations per idempotency key").doesNotContainKey("");
        assertThat(perKey).allSatisfy((key, count) -> assertThat(count).as(key).isEqualTo(1L));
        // and no action was committed twice under two keys (e.g. a key derived from who decided)
        Map<String, Long> perAction = all.stream()
                .collect(Collectors.groupingBy(
                        r -> actionType(r.path("spec")) + " "
                                + r.path("spec").path("target").asText() + " "
                                + r.path("spec").path("causes"),
                        Collectors.counting()));
        assertThat(perAction)
                .allSatisfy((action, count) -> assertThat(count).as(action).isEqualTo(1L));
    }

    private static List<JsonNode> rollbackRemediations() {
        return cluster.remediations().stream()
                .filter(r -> "RollbackModel".equals(actionType(r.path("spec"))))
                .toList();
    }

    /** {@code spec.action} as a type name, whether the ledger stores the action as an object or its type alone. */
    private static String actionType(JsonNode spec) {
        JsonNode action = spec.path("action");
        return action.isObject() ? action.path("type").asText() : action.asText();
    }

    /** The model of a RollbackModel target ({@code model:<ns>/<model>}). */
    private static String modelOf(String target) {
        return target.substring(target.lastIndexOf('/') + 1);
    }

    private static List<String> models(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> "m-" + i).toList();
    }

    /** Applications whose rollback operation runs in Argo CD now and that {@code leader} started (its audit says so). */
    private static List<String> rollbacksRunningFrom(EngineReplica leader) {
        List<String> running = cluster.argocd().runningOperations();
        return cluster
                .journal()
                .matching(e -> e.pod().equals(leader.pod())
                        && e.process() == leader.processes() - 1
                        && "RollbackModel".equals(e.actionType())
                        && "IN_PROGRESS".equals(e.outcome()))
                .stream()
                .map(e -> modelOf(e.target()))
                .filter(running::contains)
                .distinct()
                .toList();
    }
}
