package dev.odpe.engine.adapter.keda;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import io.quarkus.logging.Log;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The shared ConfigMap's data as intents, and one replica's changes applied to it. Pure: the caller
 * reads and writes the ConfigMap (with its resourceVersion, so a write never lands on data it did not
 * see).
 *
 * <p>Layout: one key per (pool, reason) ({@link IntentsCodec#keyOf(ScalePool)}), its value the JSON list
 * of that reason's intents. A change touches only the entries of its own action, wherever they are: a
 * withdrawal removes its action from every key (including a pool's key in the layout before this one,
 * which is read as it is and emptied reason by reason as replicas change them), a record or renewal
 * puts the action under its own key. Expired entries are dropped on the way: they count for nothing
 * on any replica, and their holder is gone (a live holder renews at half the TTL).
 */
final class SharedIntentsData {

    /** One intent this replica recorded or renewed ({@code boost} its state) or withdrew ({@code boost} null). */
    record Change(ScalePool action, Boost boost) {}

    private final IntentsCodec codec;
    private final String where;

    /** @param where the ConfigMap's namespace/name, for log lines */
    SharedIntentsData(IntentsCodec codec, String where) {
        this.codec = codec;
        this.where = where;
    }

    /**
     * Every pool's intents in {@code data}, whichever layout holds them. An action found under two keys
     * (a replica of the previous layout wrote it again) counts once, with the later expiry.
     */
    Map<PoolKey, Map<ScalePool, Boost>> pools(Map<String, String> data) {
        Map<PoolKey, Map<ScalePool, Boost>> pools = new HashMap<>();
        decodeAll(data)
                .values()
                .forEach(intents -> intents.forEach((action, boost) -> pools.computeIfAbsent(
                                new PoolKey(action.namespace(), action.pool()), k -> new HashMap<>())
                        .merge(action, boost, (a, b) -> a.expiresAt().isAfter(b.expiresAt()) ? a : b)));
        return pools;
    }

    /**
     * Applies {@code changes} to {@code data} in place, each to its own action's entries only, and drops
     * entries expired at {@code now}. Returns whether {@code data} changed (nothing to write if not).
     */
    boolean apply(Map<String, String> data, Collection<Change> changes, Instant now) {
        Map<String, Map<ScalePool, Boost>> byKey = decodeAll(data);
        Set<String> touched = new HashSet<>();
        for (Change change : changes) {
            byKey.forEach((key, intents) -> {
                if (intents.remove(change.action()) != null) {
                    touched.add(key);
                }
            });
            if (change.boost() != null) {
                String key = IntentsCodec.keyOf(change.action());
                byKey.computeIfAbsent(key, k -> new HashMap<>()).put(change.action(), change.boost());
                touched.add(key);
            }
        }
        byKey.forEach((key, intents) -> {
            if (intents.values().removeIf(b -> !b.liveAt(now))) {
                touched.add(key);
            }
        });
        boolean changed = false;
        for (String key : touched) {
            Map<ScalePool, Boost> intents = byKey.get(key);
            String before = data.get(key);
            String after = intents.isEmpty() ? null : codec.encode(intents);
            if (after == null) {
                changed |= data.remove(key) != null;
            } else if (!after.equals(before)) {
                data.put(key, after);
                changed = true;
            }
        }
        return changed;
    }

    /** Each readable key's intents; an unreadable key is logged and left alone (unless a change's own key). */
    private Map<String, Map<ScalePool, Boost>> decodeAll(Map<String, String> data) {
        Map<String, Map<ScalePool, Boost>> byKey = new HashMap<>();
        data.forEach((key, text) -> {
            try {
                byKey.put(key, new HashMap<>(codec.decode(text)));
            } catch (JsonProcessingException e) {
                Log.warnf("KEDA scaler: ignoring unreadable key %s in %s: %s", key, where, e.getOriginalMessage());
            }
        });
        return byKey;
    }
}
