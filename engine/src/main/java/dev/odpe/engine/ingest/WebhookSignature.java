package dev.odpe.engine.ingest;

import dev.odpe.engine.http.SecretFile;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Optional body signature for senders that sign ({@code odpe.webhook.hmac-secret-file}): header
 * {@value #HEADER} must be {@code sha256=} and the hex HMAC-SHA256 of the raw body bytes under the
 * secret (GitHub's convention). Compared in constant time; the secret file is followed through
 * rotation. Applies to {@code POST /api/v1/alerts/alertmanager} (and {@code /validate}) and
 * {@code POST /api/v1/events}.
 */
@Startup
@ApplicationScoped
public class WebhookSignature {

    public static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    private final Optional<SecretFile> secret;

    @Inject
    public WebhookSignature(WebhookConfig config) {
        this(config.hmacSecretFile());
    }

    public WebhookSignature(Optional<Path> secretFile) {
        this.secret = secretFile.map(file -> SecretFile.read(file, "odpe.webhook.hmac-secret-file"));
    }

    /** Whether bodies must be signed at all. */
    public boolean required() {
        return secret.isPresent();
    }

    /** Throws a 401 problem naming {@value #HEADER} unless it carries the body's signature. */
    public void check(String signature, byte[] body) {
        if (secret.isEmpty()) {
            return;
        }
        byte[] expected = hmac(secret.get().current(), body);
        if (signature == null || signature.isBlank()) {
            throw WebhookProblems.badSignature("no " + HEADER + " header; sign the raw body with HMAC-SHA256 under "
                    + "the secret of odpe.webhook.hmac-secret-file and send \"" + HEADER + ": sha256=<hex>\"");
        }
        String value = signature.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw WebhookProblems.badSignature(HEADER + " must be \"sha256=<hex HMAC-SHA256 of the body>\"");
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(value.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            presented = new byte[0];
        }
        if (!MessageDigest.isEqual(presented, expected)) {
            throw WebhookProblems.badSignature(HEADER + " does not match the body (HMAC-SHA256 under the secret of "
                    + "odpe.webhook.hmac-secret-file, computed over the exact bytes sent)");
        }
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code key}, as a sender puts it after {@code sha256=}. */
    public static String sign(byte[] key, byte[] body) {
        return HexFormat.of().formatHex(hmac(key, body));
    }

    private static byte[] hmac(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not usable in this JVM", e);
        }
    }
}
