package dev.odpe.engine.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import org.jboss.logging.Logger;

/**
 * A secret held in a file (a mounted Kubernetes Secret), trimmed, re-read when the file changes so
 * rotation needs no restart. A change is seen by comparing the file's attributes with those last read
 * (modification time, size and file key, which catches Kubernetes' atomic symlink swap). If re-reading
 * fails the previous value stays in force and a warning is logged; the value itself is never logged.
 */
public final class SecretFile {

    private static final Logger LOG = Logger.getLogger(SecretFile.class);

    private final Path path;
    private final String key;
    private volatile byte[] value;
    private volatile Object version;

    private SecretFile(Path path, String key) {
        this.path = path;
        this.key = key;
    }

    /**
     * Reads {@code path} now; an unreadable or empty file fails start-up with a message naming
     * {@code key} (the configuration key that named the file) and the path, never the content.
     */
    public static SecretFile read(Path path, String key) {
        SecretFile file = new SecretFile(path, key);
        try {
            file.reload();
        } catch (IOException | IllegalStateException e) {
            throw new IllegalStateException(key + "=" + path + " cannot be used: " + e.getMessage(), e);
        }
        return file;
    }

    /** The current value (UTF-8 bytes of the trimmed content), re-read first if the file changed. */
    public byte[] current() {
        try {
            if (!Objects.equals(version(), version)) {
                reload();
                LOG.infof("Re-read %s from %s", key, path);
            }
        } catch (IOException | IllegalStateException e) {
            LOG.warnf("Keeping the previous value of %s: cannot re-read %s (%s)", key, path, e.getMessage());
        }
        return value;
    }

    private synchronized void reload() throws IOException {
        Object read = version();
        String content = Files.readString(path, StandardCharsets.UTF_8).trim();
        if (content.isEmpty()) {
            throw new IllegalStateException("the file is empty");
        }
        value = content.getBytes(StandardCharsets.UTF_8);
        version = read;
    }

    private Object version() throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return List.of(
                attributes.lastModifiedTime(), attributes.size(), Objects.requireNonNullElse(attributes.fileKey(), ""));
    }
}
