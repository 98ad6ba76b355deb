package dev.odpe.engine.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a random webhook token to a file, configures the engine to require it
 * ({@code odpe.webhook.token-file}), and injects the {@link WebhookToken} into test fields so that
 * Alertmanager can be given the same file.
 */
public class WebhookTokenResource implements QuarkusTestResourceLifecycleManager {

    private Path dir;
    private WebhookToken token;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("odpe-webhook-token-");
            String value = UUID.randomUUID().toString();
            // Trailing newline on purpose: Secret files and `echo > file` usually end with one.
            token = new WebhookToken(Files.writeString(dir.resolve("token"), value + "\n"), value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("odpe.webhook.token-file", token.file().toString());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(token, new TestInjector.MatchesType(WebhookToken.class));
    }

    @Override
    public void stop() {
        if (dir != null) {
            token.file().toFile().delete();
            dir.toFile().delete();
        }
    }
}
