package dev.odpe.rules.runtime;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The version of a pack: {@code sha256:} and the first 12 hex digits of a hash over its files,
 * sorted by name. Names count as well as bytes, so renaming a file is a new version.
 */
final class PackVersion {

    private static final int SHORT_HEX = 12;

    private PackVersion() {}

    static String of(List<PackSource> sortedSources) {
        MessageDigest digest = sha256();
        for (PackSource source : sortedSources) {
            byte[] name = source.fileName().getBytes(StandardCharsets.UTF_8);
            // Length prefixes keep ("ab","c") and ("a","bc") apart.
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
            digest.update(name);
            digest.update(ByteBuffer.allocate(Integer.BYTES)
                    .putInt(source.content().length)
                    .array());
            digest.update(source.content());
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest()).substring(0, SHORT_HEX);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }
}
