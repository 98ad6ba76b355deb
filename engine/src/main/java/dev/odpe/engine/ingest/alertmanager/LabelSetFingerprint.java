package dev.odpe.engine.ingest.alertmanager;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives an alert fingerprint from its label set, for senders that omit {@code fingerprint}.
 *
 * <p>It is the same function Alertmanager uses (prometheus/common {@code LabelSet.Fingerprint}):
 * FNV-1a 64 over the labels sorted by name, each name and value followed by the byte 0xFF, printed
 * as 16 lower-case hex digits. So a derived fingerprint equals the one Alertmanager would have sent
 * for the same labels, and the two never describe the same alert under different identities.
 */
public final class LabelSetFingerprint {

    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xff;

    private LabelSetFingerprint() {}

    public static String of(Map<String, String> labels) {
        long hash = FNV_OFFSET_BASIS;
        for (Map.Entry<String, String> label : new TreeMap<>(labels).entrySet()) {
            hash = add(hash, label.getKey().getBytes(StandardCharsets.UTF_8));
            hash = add(hash, SEPARATOR);
            hash = add(
                    hash,
                    label.getValue() == null ? new byte[0] : label.getValue().getBytes(StandardCharsets.UTF_8));
            hash = add(hash, SEPARATOR);
        }
        return String.format("%016x", hash);
    }

    private static long add(long hash, byte[] bytes) {
        for (byte b : bytes) {
            hash = add(hash, b);
        }
        return hash;
    }

    private static long add(long hash, byte b) {
        return (hash ^ (b & 0xff)) * FNV_PRIME;
    }
}
