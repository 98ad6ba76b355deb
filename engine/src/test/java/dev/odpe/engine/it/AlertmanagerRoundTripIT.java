package dev.odpe.engine.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.testsupport.Alertmanager;
import dev.odpe.testsupport.TestAlert;
import dev.odpe.testsupport.WebhookReceiver;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The packaged engine ({@code quarkus-run.jar}, default rule pack, dry-run) fed by a real
 * Alertmanager: alert → Alertmanager → webhook → rules → decision in the audit trail, and back
 * when the alert resolves.
 */
@QuarkusIntegrationTest
class AlertmanagerRoundTripIT {

    private static final String NAMESPACE = "ml-serving";
    private static final String POOL = "triton-a100";
    private static final String TARGET = "pool:" + NAMESPACE + "/" + POOL;

    @TestHTTPResource("/api/v1/alerts/alertmanager")
    URI webhook;

    @Test
    void resolvingALatencyAlertInAlertmanagerWithdrawsTheScalePoolItCaused() {
        // Given a real Alertmanager routing to the engine, and a latency alert that made the engine emit ScalePool
        TestAlert breach =
                TestAlert.latencyBreach(NAMESPACE, POOL, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (Alertmanager alertmanager = Alertmanager.start(WebhookReceiver.unauthenticated(webhook))) {
            alertmanager.post(breach);
            String fingerprint = alertmanager.fingerprints().get(0);
            Map<String, Object> emitted = Decisions.awaitOne(
                    TARGET,
                    "EMITTED ScalePool caused by " + fingerprint,
                    Decisions.scalePool("EMITTED", NAMESPACE, POOL, fingerprint),
                    alertmanager);
            assertThat(emitted).containsEntry("target", TARGET).containsEntry("dryRun", true);

            // When the alert resolves (same labels, endsAt in the past)
            alertmanager.post(breach.resolvedAt(Instant.now().minusSeconds(1)));

            // Then the engine withdraws the boost for that pool
            Map<String, Object> withdrawn = Decisions.awaitOne(
                    TARGET,
                    "WITHDRAWN ScalePool caused by " + fingerprint,
                    Decisions.scalePool("WITHDRAWN", NAMESPACE, POOL, fingerprint),
                    alertmanager);
            assertThat(withdrawn).containsEntry("target", TARGET);
        }
    }
}
