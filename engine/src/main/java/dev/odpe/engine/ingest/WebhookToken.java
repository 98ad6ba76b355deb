package dev.odpe.engine.ingest;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The bearer token Alertmanager must present, from {@code odpe.webhook.token} or
 * {@code odpe.webhook.token-file} (a mounted Secret). Misconfiguration fails start-up.
 *
 * <p>Rotation: before each check the file's attributes are compared with those last read
 * (modification time, size and file key, which catches Kubernetes' atomic symlink swap); on change it
 * is re-read. If re-reading fails the previous token stays in force and a warning is logged.
 */
@Startup
@ApplicationScoped
public class WebhookToken {

    private static final Logger LOG = Logger.getLogger(WebhookToken.class);
    private static final String BEARER = "Bearer ";

    private final Optional<Path> file;
    private volatile byte[] tokenDigest;
    private volatile Object fileVersion;

    @Inject
    public WebhookToken(WebhookConfig config) {
        this(config.token(), config.tokenFile());
    }

    public WebhookToken(Optional<String> token, Optional<Path> tokenFile) {
        if (token.isPresent() && tokenFile.isPresent()) {
            throw new IllegalStateException("set either odpe.webhook.token or odpe.webhook.token-file, not both");
        }
        this.file = tokenFile;
        if (tokenFile.isPresent()) {
            try {
                reload(tokenFile.get());
            } catch (IOException | IllegalStateException e) {
                throw new IllegalStateException(
                        "odpe.webhook.token-file=" + tokenFile.get() + " cannot be used as the webhook bearer token: "
                                + e.getMessage(),
                        e);
            }
        } else {
            this.tokenDigest = token.map(WebhookToken::digest).orElse(null);
        }
    }

    /** Whether callers must authenticate at all. */
    public boolean required() {
        return tokenDigest != null;
    }

    /** Throws a 401 problem unless {@code authorization} carries the configured bearer token. */
    public void check(String authorization) {
        if (!required()) {
            return;
        }
        file.ifPresent(this::reloadIfChanged);
        if (authorization == null || authorization.isBlank()) {
            throw WebhookProblems.unauthorized("no Authorization header; send \"Authorization: Bearer <token>\""
                    + " (Alertmanager: http_config.authorization.credentials)");
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw WebhookProblems.unauthorized("the Authorization header must use the Bearer scheme");
        }
        byte[] presented = digest(authorization.substring(BEARER.length()).trim());
        // Comparing fixed-length digests keeps the comparison constant-time and hides the token's length.
        if (!MessageDigest.isEqual(presented, tokenDigest)) {
            throw WebhookProblems.unauthorized("the bearer token is not the one configured for this webhook");
        }
    }

    private void reloadIfChanged(Path path) {
        try {
            if (!Objects.equals(version(path), fileVersion)) {
                reload(path);
                LOG.infof("Re-read the webhook bearer token from %s", path);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.warnf("Keeping the previous webhook bearer token: cannot re-read %s (%s)", path, e.getMessage());
        }
    }

    private synchronized void reload(Path path) throws IOException {
        Object version = version(path);
        String token = Files.readString(path, StandardCharsets.UTF_8).trim();
        if (token.isEmpty()) {
            throw new IllegalStateException("the file is empty");
        }
        tokenDigest = digest(token);
        fileVersion = version;
    }

    private static Object version(Path path) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return List.of(
                attributes.lastModifiedTime(), attributes.size(), Objects.requireNonNullElse(attributes.fileKey(), ""));
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
