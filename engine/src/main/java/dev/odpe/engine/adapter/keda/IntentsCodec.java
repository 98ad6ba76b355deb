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
 * Intents as the text stored under one key of the shared ConfigMap: a JSON list of
 * {@code {namespace, pool, step, ttlSeconds, maxBoost, reason, expiresAt}}, one per intent. Every
 * entry names its pool and reason, so the text means the same whichever key holds it: one key per
 * (pool, reason) now ({@link #keyOf(ScalePool)}), one key per pool before (still read).
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

    /** ConfigMap data keys are at most 253 characters of {@code [-._a-zA-Z0-9]}. */
    private static final int MAX_KEY_LENGTH = 253;

    /**
     * The ConfigMap data key of the action's (pool, reason): {@code <namespace>.<pool>.<reason>}, other
     * characters as {@code _}; a longer one is cut and ends with a hash of the whole. Two (pool,
     * reason) pairs that map to one key share it harmlessly: entries name their own pool and reason.
     */
    static String keyOf(ScalePool action) {
        String key =
                (action.namespace() + "." + action.pool() + "." + action.reason()).replaceAll("[^-._a-zA-Z0-9]", "_");
        if (key.length() <= MAX_KEY_LENGTH) {
            return key;
        }
        String hash = Integer.toHexString(key.hashCode());
        return key.substring(0, MAX_KEY_LENGTH - hash.length() - 1) + "-" + hash;
    }

    /** The key one pool's intents had before they were kept per reason (for tests of the upgrade). */
    static String legacyKeyOf(PoolKey pool) {
        return (pool.namespace() + "." + pool.pool()).replaceAll("[^-._a-zA-Z0-9]", "_");
    }
}
