package dev.odpe.engine.ingest;

import static dev.odpe.testsupport.AlertmanagerPayloads.LATENCY_BREACH;
import static dev.odpe.testsupport.AlertmanagerPayloads.freshEpisode;
import static dev.odpe.testsupport.AlertmanagerPayloads.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.odpe.engine.http.SecuredEndpointsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** odpe.webhook.hmac-secret-file over real HTTP, on both webhooks. */
@QuarkusTest
@TestProfile(SecuredEndpointsProfile.class)
class SignedWebhooksTest {

    private static final byte[] SECRET = "hmac-secret-1".getBytes(StandardCharsets.UTF_8);

    @Test
    void givenAnHmacSecretWhenAnAlertmanagerGroupArrivesUnsignedThenA401ProblemNamesTheHeader() {
        given().contentType("application/json")
                .body(json(freshEpisode(LATENCY_BREACH)))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:odpe:problem:webhook:invalid-signature"))
                .body("detail", containsString("X-Hub-Signature-256"));
    }

    @Test
    void givenAnHmacSecretWhenTheSignatureIsOfOtherBytesThenTheGroupIsRefused() {
        byte[] body = json(freshEpisode(LATENCY_BREACH)).getBytes(StandardCharsets.UTF_8);
        String ofOtherBytes = WebhookSignature.sign(
                SECRET, (new String(body, StandardCharsets.UTF_8) + " ").getBytes(StandardCharsets.UTF_8));

        given().contentType("application/json")
                .header(WebhookSignature.HEADER, "sha256=" + ofOtherBytes)
                .body(body)
                .post("/api/v1/alerts/alertmanager/validate")
                .then()
                .statusCode(401)
                .body("detail", containsString("does not match the body"));
    }

    @Test
    void givenAnHmacSecretWhenTheGroupIsSignedThenItIsAccepted() {
        byte[] body = json(freshEpisode(LATENCY_BREACH)).getBytes(StandardCharsets.UTF_8);

        given().contentType("application/json")
                .header(WebhookSignature.HEADER, "sha256=" + WebhookSignature.sign(SECRET, body))
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);
    }

    @Test
    void givenAnHmacSecretWhenADriftEventArrivesUnsignedThenItIsRefusedAndSignedItPassesTheCheck() {
        byte[] body = "{\"specversion\":\"1.0\"}".getBytes(StandardCharsets.UTF_8);

        given().contentType("application/cloudevents+json")
                .body(body)
                .post("/api/v1/events")
                .then()
                .statusCode(401)
                .body("detail", containsString("X-Hub-Signature-256"));
        // Signed, the body gets past the signature to the CloudEvent checks (400: it is no valid event)
        given().contentType("application/cloudevents+json")
                .header(WebhookSignature.HEADER, "sha256=" + WebhookSignature.sign(SECRET, body))
                .body(body)
                .post("/api/v1/events")
                .then()
                .statusCode(400);
    }
}
