package dev.odpe.testsupport;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where Alertmanager sends notifications, and the file holding the bearer token it sends
 * (Alertmanager's {@code http_config.authorization.credentials_file}), if any.
 */
public record WebhookReceiver(URI url, Optional<Path> credentialsFile) {

    public static WebhookReceiver unauthenticated(URI url) {
        return new WebhookReceiver(url, Optional.empty());
    }

    public static WebhookReceiver withBearerTokenFile(URI url, Path credentialsFile) {
        return new WebhookReceiver(url, Optional.of(credentialsFile));
    }
}
