package dev.odpe.engine.adapter.lease;

import static dev.odpe.testsupport.AlertmanagerPayloads.example;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * An engine that is a follower: leader election on against fabric8's mock API server, where another replica holds
 * the Lease (renewed "in an hour", so it never runs out during the test). It must refuse webhooks and drift events
 * with 503 and Retry-After, so that Alertmanager retries (by then against the leader), and name its state in
 * readiness while staying ready for KEDA.
 */
@QuarkusTest
@TestProfile(FollowerIngestTest.Follower.class)
@WithKubernetesTestServer(crud = true, setup = FollowerIngestTest.LeaseHeldByAnother.class)
class FollowerIngestTest {

    static final String OTHER = "engine-other";

    @Test
    void aFollowerAnswersAWebhookWith503AndRetryAfter() {
        // When Alertmanager posts a notification to the follower
        given().contentType("application/json")
                .body(example(AlertmanagerPayloads.LATENCY_BREACH))
                .post("/api/v1/alerts/alertmanager")
                // Then it is refused with a problem naming the leader, and a Retry-After
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", "5")
                .body("type", equalTo("urn:odpe:problem:webhook:not-leader"))
                .body("detail", containsString("the leader is " + OTHER));
    }

    @Test
    void aFollowerAnswersADriftEventWith503AndRetryAfter() {
        // When a drift detector posts an event to the follower
        given().contentType("application/cloudevents+json")
                .body(example("drift-odpe.json"))
                .post("/api/v1/events")
                // Then it is refused the same way
                .then()
                .statusCode(503)
                .header("Retry-After", "5")
                .body("type", equalTo("urn:odpe:problem:webhook:not-leader"));
    }

    @Test
    void aFollowerIsReadyAndNamesItsRoleAndTheLeader() {
        // When readiness is asked
        given().get("/q/health/ready")
                // Then the follower is up (it serves KEDA), and says who leads
                .then()
                .statusCode(200)
                .body("checks.find { it.name == 'leadership' }.data.role", equalTo("follower"))
                .body("checks.find { it.name == 'leadership' }.data.leader", equalTo(OTHER));
    }

    @Test
    void theLeaderGaugeReadsZeroOnAFollower() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("odpe_leader 0.0"));
    }

    /** Leader election on, short timings. */
    public static class Follower implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "odpe.leader-election.enabled", "true",
                    "odpe.leader-election.lease-duration", "3s",
                    "odpe.leader-election.renew-deadline", "2s",
                    "odpe.leader-election.retry-period", "200ms",
                    "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
        }
    }

    /** The Lease, held by another replica that renews it "in an hour". */
    public static class LeaseHeldByAnother implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            KubernetesClient client = server.getClient();
            String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
            ZonedDateTime inAnHour = ZonedDateTime.now(ZoneOffset.UTC).plusHours(1);
            client.leases()
                    .inNamespace(namespace)
                    .resource(new LeaseBuilder()
                            .withNewMetadata()
                            .withName(LeaseCandidate.LEASE)
                            .withNamespace(namespace)
                            .endMetadata()
                            .withNewSpec()
                            .withHolderIdentity(OTHER)
                            .withLeaseDurationSeconds(3600)
                            .withAcquireTime(inAnHour)
                            .withRenewTime(inAnHour)
                            .withLeaseTransitions(0)
                            .endSpec()
                            .build())
                    .create();
        }
    }
}
