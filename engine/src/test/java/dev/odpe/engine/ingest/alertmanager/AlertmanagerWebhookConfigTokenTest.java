package dev.odpe.engine.ingest.alertmanager;

import static dev.odpe.testsupport.AlertmanagerPayloads.ERRORS_BREACH;
import static dev.odpe.testsupport.AlertmanagerPayloads.freshEpisode;
import static dev.odpe.testsupport.AlertmanagerPayloads.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bearer token from configuration (odpe.webhook.token), over real HTTP. */
@QuarkusTest
@TestProfile(AlertmanagerWebhookConfigTokenTest.ConfigTokenProfile.class)
class AlertmanagerWebhookConfigTokenTest {

    public static class ConfigTokenProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("odpe.webhook.token", "config-token");
        }
    }

    @Test
    void configuredTokenIsAcceptedAndAnyOtherRefused() {
        // When Alertmanager sends the configured token, then the group is accepted
        given().contentType("application/json")
                .header("Authorization", "Bearer config-token")
                .body(json(freshEpisode(ERRORS_BREACH)))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));

        // When it sends another one, then 401 with a Bearer challenge, before the body is even looked at
        given().contentType("text/plain")
                .header("Authorization", "Bearer config-token-old")
                .body("not even json")
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"));
    }
}
