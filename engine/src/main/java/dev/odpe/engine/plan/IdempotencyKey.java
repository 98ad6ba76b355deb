package dev.odpe.engine.plan;

import dev.odpe.engine.decision.Cause;
import dev.odpe.rules.action.RemediationAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Derives the key under which an action is executed at most once: the action's value (records have
 * a stable {@code toString}) plus the sorted identities of its causes. Stable across restarts and
 * across engine replicas, so later persistence or sharing of keys needs no migration.
 *
 * <p>Computed for every decision on the evaluation thread, so it reuses one digest per thread and
 * hashes only the 16 bytes it prints.
 */
public final class IdempotencyKey {

    private static final int DIGEST_BYTES = 16;
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(IdempotencyKey::sha256);

    private IdempotencyKey() {}

    public static String of(RemediationAction action, List<Cause> causes) {
        StringBuilder material =
                new StringBuilder(256).append(action.type()).append('|').append(action);
        String[] ids = new String[causes.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = causes.get(i).id();
        }
        Arrays.sort(ids);
        for (String id : ids) {
            material.append('|').append(id);
        }
        byte[] digest = SHA_256.get().digest(material.toString().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest, 0, DIGEST_BYTES);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
