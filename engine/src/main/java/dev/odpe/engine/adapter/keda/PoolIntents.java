package dev.odpe.engine.adapter.keda;

import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Live rule intents per pool, in memory. Written by {@link ScalePoolExecutor} (evaluation thread)
 * and, with several replicas, by {@link SharedPoolIntents} from what the others recorded; read by
 * every scaler RPC. Listeners hear about each change synchronously, so StreamIsActive can
 * push without polling.
 *
 * <p>An intent is keyed by its {@link ScalePool} value (pool and reason, with step, TTL and cap): the
 * same action emitted again refreshes its TTL; a withdrawal (the alert resolved) removes it. Expired
 * intents count for nothing and are swept on the next write.
 *
 * <p>Intents are level state: one this process recorded is <em>held</em> until withdrawn, and
 * {@link #renewHeld()} (called every few seconds by {@link IntentLeases}) pushes its expiry forward
 * whenever less than half its TTL is left. The TTL is therefore only a lease: it runs out only when
 * the holder stops renewing (the process died or restarted and its rule session with it, so a
 * withdrawal may never come). Intents taken from other replicas are renewed by their holders.
 *
 * <p>Each change this process makes to one intent (record, renewal, withdrawal) is also told to the
 * {@link LocalChangeListener}s, one intent at a time, so that sharing writes only what this process
 * changed and never its whole view of a pool.
 */
@ApplicationScoped
public class PoolIntents {

    private final Map<PoolKey, Map<ScalePool, Boost>> byPool = new ConcurrentHashMap<>();
    /** Intents recorded here and not withdrawn: renewed until withdrawn. Guarded by {@code this}. */
    private final Set<ScalePool> held = new HashSet<>();

    private final List<Consumer<PoolKey>> listeners = new CopyOnWriteArrayList<>();
    private final List<LocalChangeListener> localListeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    public PoolIntents(Clock clock) {
        this.clock = clock;
    }

    /** Records (or refreshes) a boost that lives for the action's TTL from now; returns its expiry. */
    public Instant boost(ScalePool action) {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(action.ttl());
        PoolKey key = keyOf(action);
        synchronized (this) {
            sweep(now);
            held.add(action);
            Boost boost = new Boost(action.step(), action.maxBoost(), action.reason(), expiresAt);
            byPool.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(action, boost);
            changedHere(action, boost);
        }
        notifyChanged(key);
        return expiresAt;
    }

    /**
     * Renews every held intent with less than half its TTL left (or lost from the map, e.g. by a
     * shared read that had not seen it yet) to a full TTL from now; returns how many it renewed.
     */
    public int renewHeld() {
        Instant now = clock.instant();
        Set<PoolKey> changed = new HashSet<>();
        synchronized (this) {
            for (ScalePool action : held) {
                PoolKey key = keyOf(action);
                Boost current = byPool.getOrDefault(key, Map.of()).get(action);
                Instant halfLeft = now.plus(action.ttl().dividedBy(2));
                if (current == null || current.expiresAt().isBefore(halfLeft)) {
                    Boost renewed =
                            new Boost(action.step(), action.maxBoost(), action.reason(), now.plus(action.ttl()));
                    byPool.computeIfAbsent(key, k -> new ConcurrentHashMap<>()).put(action, renewed);
                    changedHere(action, renewed);
                    changed.add(key);
                }
            }
        }
        changed.forEach(this::notifyChanged);
        return changed.size();
    }

    /**
     * Stops holding every intent without withdrawing any: they stay served (here and, shared, by every
     * replica) until withdrawn or until their TTL ends, but this process no longer renews them. For a
     * process that stopped deciding (it lost the leader lease): the new leader holds what still fires,
     * and an intent it withdraws must not be renewed back into the shared view by the old holder.
     * Returns how many it released.
     */
    public synchronized int releaseHeld() {
        int released = held.size();
        held.clear();
        return released;
    }

    /** Number of intents this process holds (recorded, not withdrawn). */
    public synchronized int heldCount() {
        return held.size();
    }

    /**
     * Removes the boost this action recorded; false if it was not live (expired or never recorded).
     * The withdrawal is told to the local-change listeners even when this process had no such boost:
     * another replica may have recorded it (the leader that resolves an alert need not be the one
     * that saw it fire).
     */
    public boolean withdraw(ScalePool action) {
        PoolKey key = keyOf(action);
        Boost removed;
        synchronized (this) {
            held.remove(action);
            Map<ScalePool, Boost> intents = byPool.get(key);
            removed = intents == null ? null : intents.remove(action);
            if (intents != null && intents.isEmpty()) {
                byPool.remove(key, intents);
            }
            changedHere(action, null);
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
     * Replaces the pool's intents with what the replicas shared, after {@code withLocalChanges} put
     * back this process's own changes the shared view does not show yet; it runs under the same lock
     * as every local change (and its {@link LocalChangeListener} call), so no change made meanwhile is
     * lost. Listeners hear about it only when something changed. Returns whether it did.
     */
    public boolean replace(
            PoolKey key, Map<ScalePool, Boost> shared, UnaryOperator<Map<ScalePool, Boost>> withLocalChanges) {
        synchronized (this) {
            Map<ScalePool, Boost> intents = withLocalChanges.apply(new HashMap<>(shared));
            Map<ScalePool, Boost> current = intentsOf(key);
            if (current.equals(intents)) {
                return false;
            }
            if (intents.isEmpty()) {
                byPool.remove(key);
            } else {
                byPool.put(key, new ConcurrentHashMap<>(intents));
            }
        }
        notifyChanged(key);
        return true;
    }

    public void onChange(Consumer<PoolKey> listener) {
        listeners.add(listener);
    }

    /** Hears each change this process makes to one intent (see {@link LocalChangeListener}). */
    public void onLocalChange(LocalChangeListener listener) {
        localListeners.add(listener);
    }

    /**
     * One intent this process recorded, renewed ({@code boost} its new state) or withdrew ({@code boost}
     * null). Called under the intents' lock, so that {@link #replace} cannot interleave with it: keep
     * it short and never call back into {@link PoolIntents}.
     */
    @FunctionalInterface
    public interface LocalChangeListener {
        void changed(ScalePool action, Boost boost);
    }

    private void changedHere(ScalePool action, Boost boost) {
        for (LocalChangeListener listener : localListeners) {
            listener.changed(action, boost);
        }
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
