package dev.odpe.engine.ingest.alertmanager;

import static dev.odpe.testsupport.AlertmanagerPayloads.LATENCY_BREACH;
import static dev.odpe.testsupport.AlertmanagerPayloads.freshEpisode;
import static dev.odpe.testsupport.AlertmanagerPayloads.json;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bearer token from a mounted Secret file (odpe.webhook.token-file), over real HTTP. */
@QuarkusTest
@TestProfile(AlertmanagerWebhookTokenFileTest.TokenFileProfile.class)
class AlertmanagerWebhookTokenFileTest {

    static final Path TOKEN_FILE = createTokenFile();

    public static class TokenFileProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("odpe.webhook.token-file", TOKEN_FILE.toString());
        }
    }

    @Test
    void requestWithoutTokenIsRefusedWith401ProblemAndBearerChallenge() {
        // When a payload is posted without Authorization, then 401 with WWW-Authenticate: Bearer
        webhook()
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo("urn:odpe:problem:webhook:unauthorized"))
                .body("detail", containsString("no Authorization header"));
    }

    @Test
    void requestWithWrongTokenIsRefusedAlsoOnValidate() {
        webhook()
                .header("Authorization", "Bearer nope")
                .post("/api/v1/alerts/alertmanager/validate")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("not the one configured"));
    }

    @Test
    void rotatedSecretIsPickedUpWithoutRestart() throws IOException {
        // Given the current token is accepted
        webhook()
                .header("Authorization", "Bearer file-token-1")
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // When the Secret file is rotated
        Files.writeString(TOKEN_FILE, "file-token-2\n");
        Files.setLastModifiedTime(TOKEN_FILE, FileTime.from(Instant.now().plusSeconds(120)));

        // Then the new token is accepted and the old one refused
        webhook()
                .header("Authorization", "Bearer file-token-2")
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202)
                .body("accepted", equalTo(1));
        webhook()
                .header("Authorization", "Bearer file-token-1")
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(401);
        Files.writeString(TOKEN_FILE, "file-token-1\n");
    }

    private static RequestSpecification webhook() {
        return given().contentType("application/json").body(json(freshEpisode(LATENCY_BREACH)));
    }

    private static Path createTokenFile() {
        try {
            Path file = Files.createTempFile("odpe-webhook-token", ".txt");
            file.toFile().deleteOnExit();
            return Files.writeString(file, "file-token-1\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
