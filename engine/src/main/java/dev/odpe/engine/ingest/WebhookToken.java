package dev.odpe.engine.ingest;

import dev.odpe.engine.http.BearerToken;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The bearer token Alertmanager must present, from {@code odpe.webhook.token} or
 * {@code odpe.webhook.token-file} (a mounted Secret, re-read when it changes: see
 * {@link dev.odpe.engine.http.SecretFile}). Misconfiguration fails start-up.
 */
@Startup
@ApplicationScoped
public class WebhookToken {

    private final BearerToken token;

    @Inject
    public WebhookToken(WebhookConfig config) {
        this(config.token(), config.tokenFile());
    }

    public WebhookToken(Optional<String> token, Optional<Path> tokenFile) {
        if (token.isPresent() && tokenFile.isPresent()) {
            throw new IllegalStateException("set either odpe.webhook.token or odpe.webhook.token-file, not both");
        }
        if (tokenFile.isPresent()) {
            this.token = BearerToken.fromFile(tokenFile.get(), "odpe.webhook.token-file");
        } else {
            this.token = token.map(BearerToken::of).orElseGet(BearerToken::none);
        }
    }

    /** Whether callers must authenticate at all. */
    public boolean required() {
        return token.required();
    }

    /** Throws a 401 problem unless {@code authorization} carries the configured bearer token. */
    public void check(String authorization) {
        token.refusal(authorization).ifPresent(refusal -> {
            throw WebhookProblems.unauthorized(
                    switch (refusal) {
                        case MISSING ->
                            "no Authorization header; send \"Authorization: Bearer <token>\""
                                    + " (Alertmanager: http_config.authorization.credentials)";
                        case NOT_BEARER -> "the Authorization header must use the Bearer scheme";
                        case WRONG -> "the bearer token is not the one configured for this webhook";
                    });
        });
    }
}
