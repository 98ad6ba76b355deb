package dev.odpe.engine.http;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** One engine with the read API token and the webhook HMAC secret set; shared so Quarkus starts once. */
public class SecuredEndpointsProfile implements QuarkusTestProfile {

    public static final Path API_TOKEN_FILE = secretFile("odpe-api-token", "api-token-1\n");
    public static final Path HMAC_SECRET_FILE = secretFile("odpe-hmac-secret", "hmac-secret-1\n");

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "odpe.api.token-file", API_TOKEN_FILE.toString(),
                "odpe.webhook.hmac-secret-file", HMAC_SECRET_FILE.toString());
    }

    private static Path secretFile(String prefix, String content) {
        try {
            Path file = Files.createTempFile(prefix, ".txt");
            file.toFile().deleteOnExit();
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
