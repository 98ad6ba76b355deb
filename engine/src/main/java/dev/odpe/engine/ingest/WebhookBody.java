package dev.odpe.engine.ingest;

import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the webhook body within {@code odpe.webhook.max-body-bytes}, whether its length is declared
 * or it arrives chunked, and accepts only JSON content types. Declared oversize bodies are normally
 * refused earlier by {@link WebhookBodyLimitRoute}, before Quarkus' own limit could answer.
 */
public final class WebhookBody {

    private WebhookBody() {}

    /** {@code application/json} (any parameters) or any {@code +json} structured syntax suffix. */
    public static void requireJson(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            throw WebhookProblems.unsupportedMediaType(contentType);
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (IllegalArgumentException e) {
            throw WebhookProblems.unsupportedMediaType(contentType);
        }
        boolean json = "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype())
                        || type.getSubtype().toLowerCase().endsWith("+json"));
        if (!json) {
            throw WebhookProblems.unsupportedMediaType(contentType);
        }
    }

    /**
     * The whole body, or a 413 problem once more than {@code limit} bytes arrived. On overflow the
     * rest is read and discarded up to another {@code limit} bytes, so that a well-behaved client
     * gets to read the 413 instead of a reset connection.
     */
    public static byte[] read(InputStream in, long limit) {
        try (in) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                discard(in, limit);
                throw WebhookProblems.bodyTooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the webhook body", e);
        }
    }

    private static void discard(InputStream in, long atMost) {
        try {
            long skipped = 0;
            byte[] sink = new byte[8192];
            int n;
            while (skipped < atMost && (n = in.read(sink, 0, (int) Math.min(sink.length, atMost - skipped))) > 0) {
                skipped += n;
            }
        } catch (IOException ignored) {
            // The client went away or Quarkus cut the body: the 413 is still the right answer.
        }
    }
}
