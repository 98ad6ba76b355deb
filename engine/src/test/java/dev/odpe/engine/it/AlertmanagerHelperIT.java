package dev.odpe.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.testsupport.Alertmanager;
import dev.odpe.testsupport.TestAlert;
import dev.odpe.testsupport.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the {@link Alertmanager} test helper itself against a plain JDK HTTP receiver, so that a
 * failing engine round trip can be told apart from a broken harness. Needs no engine.
 */
class AlertmanagerHelperIT {

    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(30);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void alertmanagerDeliversFiringThenResolvedAlertWithBearerTokenFromCredentialsFile(@TempDir Path dir)
            throws IOException {
        // Given a webhook receiver and an Alertmanager that authenticates to it with a token file
        Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret-token");
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        TestAlert breach = TestAlert.latencyBreach("ml-serving", "triton-a100", startsAt);
        try (RecordingWebhook webhook = new RecordingWebhook();
                Alertmanager alertmanager =
                        Alertmanager.start(WebhookReceiver.withBearerTokenFile(webhook.url(), tokenFile))) {

            // When the alert fires and later resolves
            alertmanager.post(breach);
            await("firing notification")
                    .atMost(DELIVERY_TIMEOUT)
                    .until(() -> webhook.deliveries().stream()
                            .anyMatch(d -> status(d).equals("firing")));
            alertmanager.post(breach.resolvedAt(Instant.now().minusSeconds(1)));

            // Then the receiver got a v4 payload for each, each carrying the bearer token
            await("resolved notification")
                    .atMost(DELIVERY_TIMEOUT)
                    .until(() -> webhook.deliveries().stream()
                            .anyMatch(d -> status(d).equals("resolved")));
            RecordingWebhook.Delivery firing = webhook.deliveries().get(0);
            JsonNode payload = json.readTree(firing.body());
            assertThat(firing.authorization()).isEqualTo("Bearer s3cret-token");
            assertThat(payload.path("version").asText()).isEqualTo("4");
            assertThat(payload.path("alerts").get(0).path("labels").path("pool").asText())
                    .isEqualTo("triton-a100");
            assertThat(payload.path("alerts").get(0).path("fingerprint").asText())
                    .isNotBlank();
            assertThat(webhook.deliveries())
                    .allSatisfy(d -> assertThat(d.authorization()).isEqualTo("Bearer s3cret-token"));
        }
    }

    private String status(RecordingWebhook.Delivery delivery) {
        try {
            return json.readTree(delivery.body()).path("status").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
