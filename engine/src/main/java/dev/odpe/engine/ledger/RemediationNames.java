package dev.odpe.engine.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The ledger name of an idempotency key: {@code r-<key>}. Keys are 32 lower-case hex digits, so the
 * name is a valid DNS-1123 subdomain as it is; anything else is hashed into one, so equal keys always
 * give equal names and the fence holds whatever the key looks like.
 */
public final class RemediationNames {

    private static final int MAX = 63; // a label, so it also fits label values and printer columns

    private RemediationNames() {}

    public static String of(String idempotencyKey) {
        String name = "r-" + idempotencyKey;
        if (name.length() <= MAX && name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
            return name;
        }
        return "r-" + sha256(idempotencyKey).substring(0, 40);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
