package dev.odpe.engine.ingest.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Loads the example payloads (repo-root examples/) and makes each test's alerts distinct. */
final class WebhookPayloads {

    static final String LATENCY_BREACH = "alertmanager-latency-breach.json";
    static final String ERRORS_BREACH = "alertmanager-errors-breach.json";
    static final String LATENCY_RESOLVED = "alertmanager-latency-resolved.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong EPISODE = new AtomicLong();
    private static final Path EXAMPLES = Path.of("..", "examples");

    private WebhookPayloads() {}

    static ObjectNode example(String name) {
        Path file = EXAMPLES.resolve(name);
        try {
            return (ObjectNode) JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("example payload " + file.toAbsolutePath() + " is missing", e);
        }
    }

    /** The example with every alert's startsAt set to a fresh instant: a new alert episode, never seen before. */
    static ObjectNode freshEpisode(String name) {
        return withStartsAt(example(name), nextEpisode());
    }

    static Instant nextEpisode() {
        return Instant.parse("2026-11-28T00:00:00Z").plusSeconds(EPISODE.incrementAndGet());
    }

    static ObjectNode withStartsAt(ObjectNode payload, Instant startsAt) {
        payload.withArray("alerts").forEach(alert -> ((ObjectNode) alert).put("startsAt", startsAt.toString()));
        return payload;
    }

    static ObjectNode alert(ObjectNode payload, int index) {
        return (ObjectNode) payload.withArray("alerts").get(index);
    }

    static String json(ObjectNode payload) {
        return payload.toString();
    }
}
