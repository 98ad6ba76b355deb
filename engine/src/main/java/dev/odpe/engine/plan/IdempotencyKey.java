package dev.odpe.engine.plan;

import dev.odpe.engine.evaluate.Cause;
import dev.odpe.rules.action.RemediationAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Derives the key under which an action is executed at most once: the action's value (records have
 * a stable {@code toString}) plus the sorted identities of its causes. Stable across restarts and
 * across engine replicas, so later persistence or sharing of keys needs no migration.
 */
public final class IdempotencyKey {

    private static final int HEX_CHARS = 32;

    private IdempotencyKey() {
    }

    public static String of(RemediationAction action, List<Cause> causes) {
        StringBuilder material = new StringBuilder(action.type()).append('|').append(action);
        causes.stream().map(Cause::id).sorted().forEach(id -> material.append('|').append(id));
        return sha256(material.toString()).substring(0, HEX_CHARS);
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
