package dev.odpe.engine.adapter.keda;

import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Live rule intents per pool, in memory. Written by {@link ScalePoolExecutor} (evaluation thread)
 * and, with several replicas, by {@link SharedPoolIntents} from what the others recorded; read by
 * every scaler RPC. Listeners hear about each change synchronously, so StreamIsActive can
 * push without polling.
 *
 * <p>An intent is keyed by its {@link ScalePool} value: the same action emitted again refreshes
 * its TTL; a withdrawal (the alert resolved) removes it. Expired intents count for nothing and are
 * swept on the next write.
 */
@ApplicationScoped
public class PoolIntents {

    private final Map<PoolKey, Map<ScalePool, Boost>> byPool = new ConcurrentHashMap<>();
    private final List<Consumer<PoolKey>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public PoolIntents(Clock clock) {
        this.clock = clock;
    }

    /** Records (or refreshes) a boost that lives for the action's TTL from now; returns its expiry. */
    public Instant boost(ScalePool action) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(action.ttl());
        PoolKey key = keyOf(action);
        sweep(now);
        byPool.computeIfAbsent(key, k -> new ConcurrentHashMap<>())
                .put(action, new Boost(action.step(), action.maxBoost(), action.reason(), expiresAt));
        notifyChanged(key);
        return expiresAt;
    }

    /** Removes the boost this action recorded; false if it was not live (expired or never recorded). */
    public boolean withdraw(ScalePool action) {
        PoolKey key = keyOf(action);
        Map<ScalePool, Boost> intents = byPool.get(key);
        Boost removed = intents == null ? null : intents.remove(action);
        if (intents != null && intents.isEmpty()) {
            byPool.remove(key, intents);
        }
        if (removed == null) {
            return false;
        }
        notifyChanged(key);
        return removed.liveAt(clock.instant());
    }

    /** The pool's boosts, possibly including expired ones (the scaling logic ignores those). */
    public List<Boost> boosts(PoolKey key) {
        Map<ScalePool, Boost> intents = byPool.get(key);
        return intents == null ? List.of() : List.copyOf(intents.values());
    }

    /** The pool's intents as they stand, keyed by the action that recorded them (for sharing with replicas). */
    public Map<ScalePool, Boost> intentsOf(PoolKey key) {
        Map<ScalePool, Boost> intents = byPool.get(key);
        return intents == null ? Map.of() : Map.copyOf(intents);
    }

    /** Every pool with intents (possibly expired ones). */
    public Set<PoolKey> pools() {
        return Set.copyOf(byPool.keySet());
    }

    /**
     * Replaces the pool's intents with what another replica shared; listeners hear about it only when
     * something changed. Returns whether it did.
     */
    public boolean replace(PoolKey key, Map<ScalePool, Boost> intents) {
        Map<ScalePool, Boost> current = intentsOf(key);
        if (current.equals(intents)) {
            return false;
        }
        if (intents.isEmpty()) {
            byPool.remove(key);
        } else {
            byPool.put(key, new ConcurrentHashMap<>(intents));
        }
        notifyChanged(key);
        return true;
    }

    public void onChange(Consumer<PoolKey> listener) {
        listeners.add(listener);
    }

    private void notifyChanged(PoolKey key) {
        for (Consumer<PoolKey> listener : listeners) {
            listener.accept(key);
        }
    }

    private void sweep(Instant now) {
        byPool.values().forEach(intents -> intents.values().removeIf(b -> !b.liveAt(now)));
        byPool.values().removeIf(Map::isEmpty);
    }

    private static PoolKey keyOf(ScalePool action) {
        return new PoolKey(action.namespace(), action.pool());
    }
}
