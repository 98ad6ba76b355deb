package dev.odpe.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.it.AlertmanagerPairResource.AlertmanagerPair;
import dev.odpe.testsupport.TestAlert;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager as the source of truth: two real Alertmanagers whose webhooks never reach the engine,
 * so every decision here comes from the resync reading their API (each second in this test).
 */
@QuarkusTest
@WithTestResource(AlertmanagerPairResource.class)
class AlertmanagerResyncTest {

    private static final String NAMESPACE = "ml-serving";

    AlertmanagerPair alertmanagers;

    @Test
    void anAlertTheWebhookNeverDeliveredBecomesADecisionWithinOneResync() {
        // Given a latency alert in Alertmanager whose webhook is lost
        TestAlert breach = TestAlert.latencyBreach(NAMESPACE, "pool-lost-webhook", now());
        alertmanagers.first().post(breach);
        String fingerprint = alertmanagers.first().fingerprints().get(0);

        // When the engine resyncs, then it decides on the alert as if the webhook had arrived
        Map<String, Object> emitted = Decisions.awaitOne(
                target("pool-lost-webhook"),
                "EMITTED ScalePool from the resync",
                Decisions.scalePool("EMITTED", NAMESPACE, "pool-lost-webhook", fingerprint),
                alertmanagers.first());
        assertThat(emitted).containsEntry("dryRun", true);
    }

    @Test
    void alertsHeldByDifferentAlertmanagersAreMerged() {
        // Given one alert only in the first Alertmanager and another only in the second (a peer that missed it)
        alertmanagers.first().post(TestAlert.latencyBreach(NAMESPACE, "pool-only-first", now()));
        alertmanagers.second().post(TestAlert.latencyBreach(NAMESPACE, "pool-only-second", now()));

        // When the engine resyncs, then both become decisions
        Decisions.awaitOne(
                target("pool-only-first"),
                "EMITTED ScalePool held by the first Alertmanager",
                d -> "EMITTED".equals(d.get("intent")),
                alertmanagers.first());
        Decisions.awaitOne(
                target("pool-only-second"),
                "EMITTED ScalePool held by the second Alertmanager",
                d -> "EMITTED".equals(d.get("intent")),
                alertmanagers.second());
    }

    @Test
    void anAlertResolvedWhileTheWebhookIsLostIsWithdrawnWithinOneResync() {
        // Given an alert in both Alertmanagers that the engine decided on through the resync
        TestAlert breach = TestAlert.latencyBreach(NAMESPACE, "pool-lost-resolve", now().minusSeconds(60));
        alertmanagers.first().post(breach);
        alertmanagers.second().post(breach);
        Decisions.awaitOne(
                target("pool-lost-resolve"),
                "EMITTED ScalePool before the resolve",
                d -> "EMITTED".equals(d.get("intent")),
                alertmanagers.first());

        // When the alert resolves in Alertmanager and the resolve notification is lost
        TestAlert resolved = breach.resolvedAt(Instant.now().minusSeconds(1));
        alertmanagers.first().post(resolved);
        alertmanagers.second().post(resolved);

        // Then the resync withdraws the boost, exactly once
        Decisions.awaitOne(
                target("pool-lost-resolve"),
                "WITHDRAWN ScalePool from the resync",
                d -> "WITHDRAWN".equals(d.get("intent")),
                alertmanagers.first());
        List<Map<String, Object>> decisions = Decisions.forTarget(target("pool-lost-resolve"));
        assertThat(decisions).extracting(d -> d.get("intent")).containsExactly("WITHDRAWN", "EMITTED");
    }

    private static String target(String pool) {
        return "pool:" + NAMESPACE + "/" + pool;
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }
}
