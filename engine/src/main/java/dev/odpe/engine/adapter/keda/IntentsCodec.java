package dev.odpe.engine.adapter.keda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One pool's intents as the text stored under the pool's key in the shared ConfigMap: a JSON list of
 * {@code {namespace, pool, step, ttlSeconds, maxBoost, reason, expiresAt}}, one per intent.
 */
final class IntentsCodec {

    record Entry(
            String namespace, String pool, int step, long ttlSeconds, int maxBoost, String reason, Instant expiresAt) {}

    private final ObjectMapper json;

    IntentsCodec(ObjectMapper json) {
        this.json = json;
    }

    String encode(Map<ScalePool, Boost> intents) {
        List<Entry> entries = new ArrayList<>();
        intents.forEach((a, b) -> entries.add(new Entry(
                a.namespace(), a.pool(), a.step(), a.ttl().toSeconds(), a.maxBoost(), a.reason(), b.expiresAt())));
        entries.sort(Comparator.comparing(Entry::expiresAt).thenComparing(Entry::reason));
        try {
            return json.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("intents always serialise", e);
        }
    }

    Map<ScalePool, Boost> decode(String text) throws JsonProcessingException {
        List<Entry> entries = json.readValue(text, new TypeReference<List<Entry>>() {});
        Map<ScalePool, Boost> intents = new HashMap<>();
        for (Entry e : entries) {
            ScalePool action = new ScalePool(
                    e.namespace(), e.pool(), e.step(), Duration.ofSeconds(e.ttlSeconds()), e.maxBoost(), e.reason());
            intents.put(action, new Boost(e.step(), e.maxBoost(), e.reason(), e.expiresAt()));
        }
        return intents;
    }

    /** A ConfigMap data key for the pool ({@code [-._a-zA-Z0-9]+}). */
    static String keyOf(PoolKey pool) {
        return (pool.namespace() + "." + pool.pool()).replaceAll("[^-._a-zA-Z0-9]", "_");
    }
}
