package dev.odpe.engine.http;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A bearer token callers must present ({@code Authorization: Bearer <token>}): none, a static value,
 * or a {@link SecretFile} followed through rotation. The comparison is constant-time over SHA-256
 * digests, which also hides the token's length. Shared by the webhooks and the read API; each phrases
 * its own 401 from the {@link Refusal}.
 */
public final class BearerToken {

    /** Why a presented {@code Authorization} header was refused. */
    public enum Refusal {
        /** No (or a blank) {@code Authorization} header. */
        MISSING,
        /** A header with another scheme than Bearer. */
        NOT_BEARER,
        /** A bearer token other than the configured one. */
        WRONG
    }

    private static final String BEARER = "Bearer ";

    private final Supplier<byte[]> expected;

    private BearerToken(Supplier<byte[]> expected) {
        this.expected = expected;
    }

    /** No token: every caller is accepted. */
    public static BearerToken none() {
        return new BearerToken(null);
    }

    public static BearerToken of(String token) {
        byte[] digest = digest(token.trim().getBytes(StandardCharsets.UTF_8));
        return new BearerToken(() -> digest);
    }

    /** The token in {@code file}, re-read when it changes; an unusable file fails naming {@code key}. */
    public static BearerToken fromFile(Path file, String key) {
        SecretFile secret = SecretFile.read(file, key);
        return new BearerToken(() -> digest(secret.current()));
    }

    /** Whether callers must authenticate at all. */
    public boolean required() {
        return expected != null;
    }

    /** Empty when {@code authorization} is acceptable, otherwise why not. */
    public Optional<Refusal> refusal(String authorization) {
        if (expected == null) {
            return Optional.empty();
        }
        byte[] wanted = expected.get();
        if (authorization == null || authorization.isBlank()) {
            return Optional.of(Refusal.MISSING);
        }
        if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.of(Refusal.NOT_BEARER);
        }
        byte[] presented =
                digest(authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(presented, wanted) ? Optional.empty() : Optional.of(Refusal.WRONG);
    }

    private static byte[] digest(byte[] token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
