package dev.odpe.engine.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.testsupport.Alertmanager;
import dev.odpe.testsupport.AlertmanagerPayloads;
import dev.odpe.testsupport.TestAlert;
import dev.odpe.testsupport.WebhookReceiver;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The production wiring: engine and Alertmanager read the same bearer token from files
 * ({@code odpe.webhook.token-file} / {@code http_config.authorization.credentials_file}).
 */
@QuarkusIntegrationTest
@WithTestResource(WebhookTokenResource.class)
class AuthenticatedAlertmanagerRoundTripIT {

    private static final String NAMESPACE = "ml-serving";
    private static final String POOL = "triton-a100";
    private static final String TARGET = "pool:" + NAMESPACE + "/" + POOL;

    @TestHTTPResource("/api/v1/alerts/alertmanager")
    URI webhook;

    WebhookToken token;

    @Test
    void alertmanagerWithTheTokenFileGetsItsLatencyAlertTurnedIntoScalePool() {
        // Given a real Alertmanager that sends the engine's token from a credentials file
        TestAlert breach =
                TestAlert.latencyBreach(NAMESPACE, POOL, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try (Alertmanager alertmanager =
                Alertmanager.start(WebhookReceiver.withBearerTokenFile(webhook, token.file()))) {

            // When a latency alert fires
            alertmanager.post(breach);

            // Then the engine accepts the notification and emits ScalePool for the pool
            String fingerprint = alertmanager.fingerprints().get(0);
            Map<String, Object> emitted = Decisions.awaitOne(
                    TARGET,
                    "EMITTED ScalePool caused by " + fingerprint,
                    Decisions.scalePool("EMITTED", NAMESPACE, POOL, fingerprint),
                    alertmanager);
            assertThat(emitted).containsEntry("target", TARGET);
        }
    }

    @Test
    void notificationWithoutTheTokenIsRefusedWith401() {
        // Given the engine requires a webhook token (see WebhookTokenResource)

        // When a notification arrives without Authorization
        int status = given().contentType("application/json")
                .body(AlertmanagerPayloads.firing(
                        "0123456789abcdef",
                        "2026-11-28T00:00:00Z",
                        Map.of(
                                "alertname",
                                "TritonP99LatencyHigh",
                                "signal",
                                "latency",
                                "namespace",
                                "ml-serving",
                                "pool",
                                "triton-a100")))
                .when()
                .post(webhook)
                .statusCode();

        // Then it is refused, so Alertmanager will not retry it and nothing is evaluated
        assertThat(status).isEqualTo(401);
    }
}
