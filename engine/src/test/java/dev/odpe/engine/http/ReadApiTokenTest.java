package dev.odpe.engine.http;

import static dev.odpe.testsupport.AlertmanagerPayloads.LATENCY_BREACH;
import static dev.odpe.testsupport.AlertmanagerPayloads.freshEpisode;
import static dev.odpe.testsupport.AlertmanagerPayloads.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.odpe.engine.ingest.WebhookSignature;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** odpe.api.token-file guards the read API over real HTTP; the webhooks keep their own authentication. */
@QuarkusTest
@TestProfile(SecuredEndpointsProfile.class)
class ReadApiTokenTest {

    @Test
    void givenAnApiTokenWhenDecisionsAreReadWithoutItThenA401ProblemWithABearerChallengeAnswers() {
        given().get("/api/v1/decisions")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("urn:odpe:problem:api:unauthorized"))
                .body("detail", containsString("odpe.api.token-file"));
        given().get("/api/v1/decisions/some-id").then().statusCode(401);
    }

    @Test
    void givenAnApiTokenWhenARulesRefreshIsPostedWithoutItThenA401ProblemAnswers() {
        given().post("/api/v1/rules/refresh")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body("type", equalTo("urn:odpe:problem:api:unauthorized"));
        given().get("/api/v1/rules").then().statusCode(401);
        given().get("/api/v1/rules/shadow").then().statusCode(401);
    }

    @Test
    void givenAnApiTokenWhenAWrongTokenOrSchemeIsSentThenTheReadIsRefused() {
        given().header("Authorization", "Bearer api-token-2")
                .get("/api/v1/decisions")
                .then()
                .statusCode(401)
                .body("detail", containsString("not the one configured"));
        given().header("Authorization", "Basic YXBpLXRva2VuLTE=")
                .get("/api/v1/decisions")
                .then()
                .statusCode(401)
                .body("detail", containsString("Bearer scheme"));
    }

    @Test
    void givenAnApiTokenWhenTheRightTokenIsSentThenDecisionsAreListed() {
        given().header("Authorization", "Bearer api-token-1")
                .get("/api/v1/decisions")
                .then()
                .statusCode(200);
    }

    @Test
    void givenAnApiTokenWhenTheSecretFileIsRotatedThenTheNewTokenWorksAndTheOldOneNoLonger() throws IOException {
        // Given the current token reads
        given().header("Authorization", "Bearer api-token-1")
                .get("/api/v1/decisions")
                .then()
                .statusCode(200);

        // When the Secret file is rotated
        Files.writeString(SecuredEndpointsProfile.API_TOKEN_FILE, "api-token-2\n");
        Files.setLastModifiedTime(
                SecuredEndpointsProfile.API_TOKEN_FILE,
                FileTime.from(Instant.now().plusSeconds(120)));
        try {
            // Then the new token reads and the old one is refused
            given().header("Authorization", "Bearer api-token-2")
                    .get("/api/v1/decisions")
                    .then()
                    .statusCode(200);
            given().header("Authorization", "Bearer api-token-1")
                    .get("/api/v1/decisions")
                    .then()
                    .statusCode(401);
        } finally {
            Files.writeString(SecuredEndpointsProfile.API_TOKEN_FILE, "api-token-1\n");
            Files.setLastModifiedTime(
                    SecuredEndpointsProfile.API_TOKEN_FILE,
                    FileTime.from(Instant.now().plusSeconds(240)));
        }
    }

    @Test
    void givenAnApiTokenWhenTheWebhookIsPostedWithoutItThenTheWebhookIsNotAskedForTheReadToken() {
        byte[] body = json(freshEpisode(LATENCY_BREACH)).getBytes(StandardCharsets.UTF_8);
        given().contentType("application/json")
                .header(
                        WebhookSignature.HEADER,
                        "sha256=" + WebhookSignature.sign("hmac-secret-1".getBytes(StandardCharsets.UTF_8), body))
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);
    }
}
