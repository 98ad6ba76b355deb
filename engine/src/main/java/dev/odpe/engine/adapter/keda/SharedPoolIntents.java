package dev.odpe.engine.adapter.keda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every replica's {@link PoolIntents} equal through one ConfigMap with one key per (pool, reason)
 * (layout: {@link SharedIntentsData}).
 *
 * <p>Writes carry this replica's own changes only, never its view of a pool: each record, renewal or
 * withdrawal becomes a pending change of one action; the writer (off the evaluation thread) reads the
 * ConfigMap, applies the pending changes to their own entries and writes with the read's
 * resourceVersion. On 409 (another replica wrote in between) it reads again and applies the same
 * changes to what it finds, so the other replica's entries survive. A change that cannot be written
 * (API server down) stays pending and is tried again after each read.
 *
 * <p>Reads take every replica's entries, then put back this replica's changes the read may not show
 * yet (pending, or written after the read began), so a refresh never undoes a local change, and it
 * never drops another replica's reason because nobody writes a whole pool.
 */
public class SharedPoolIntents {

    private static final int WRITE_ATTEMPTS = 5;

    /** A change of one action; {@code writtenBy} is the write that shared it, 0 while it is pending. */
    private record Delta(SharedIntentsData.Change change, long seq, long writtenBy) {

        boolean pending() {
            return writtenBy == 0;
        }

        PoolKey pool() {
            return new PoolKey(change.action().namespace(), change.action().pool());
        }
    }

    private final PoolIntents intents;
    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final SharedIntentsData data;
    private final Clock clock;
    private final Executor writer;
    /** The latest change of each action not yet seen by a read; written under the intents' lock. */
    private final Map<ScalePool, Delta> deltas = new ConcurrentHashMap<>();

    private final AtomicLong changes = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private volatile Runnable afterRead = () -> {};

    public SharedPoolIntents(
            PoolIntents intents,
            KubernetesClient client,
            String namespace,
            String name,
            ObjectMapper json,
            Clock clock,
            Executor writer) {
        this.intents = intents;
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.data = new SharedIntentsData(new IntentsCodec(json), namespace + "/" + name);
        this.clock = clock;
        this.writer = writer;
        intents.onLocalChange(this::localChange);
    }

    /**
     * Takes what the ConfigMap holds for every pool, with this replica's own changes the read may not
     * show yet put back; then writes pending changes again if a write failed before.
     */
    public void refresh() {
        long writtenBeforeRead = writes.get();
        ConfigMap shared;
        try {
            shared = client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            Log.warnf(
                    "KEDA scaler: cannot read shared intents %s/%s: %s; serving local intents",
                    namespace, name, e.getMessage());
            return;
        }
        Map<PoolKey, Map<ScalePool, Boost>> remote =
                data.pools(shared == null || shared.getData() == null ? Map.of() : shared.getData());
        Set<PoolKey> pools = new HashSet<>(remote.keySet());
        pools.addAll(intents.pools());
        deltas.values().forEach(d -> pools.add(d.pool()));
        for (PoolKey pool : pools) {
            intents.replace(
                    pool, remote.getOrDefault(pool, Map.of()), view -> withOwnChanges(pool, view, writtenBeforeRead));
        }
        // Changes written before this read began are in what it read: no need to put them back again.
        deltas.forEach((action, d) -> {
            if (!d.pending() && d.writtenBy() <= writtenBeforeRead) {
                deltas.remove(action, d);
            }
        });
        if (hasUnwrittenChanges()) {
            writer.execute(this::writePending);
        }
    }

    /** True while local changes are waiting to be written (for tests and shutdown). */
    public boolean hasUnwrittenChanges() {
        return deltas.values().stream().anyMatch(Delta::pending);
    }

    /** For tests: runs after each read of a write attempt, before its write (to interleave another replica). */
    void afterEachWriteRead(Runnable hook) {
        this.afterRead = hook;
    }

    /** Under the intents' lock (see {@link PoolIntents#replace}). */
    private Map<ScalePool, Boost> withOwnChanges(PoolKey pool, Map<ScalePool, Boost> view, long writtenBeforeRead) {
        for (Delta d : deltas.values()) {
            if (d.pool().equals(pool) && (d.pending() || d.writtenBy() > writtenBeforeRead)) {
                if (d.change().boost() == null) {
                    view.remove(d.change().action());
                } else {
                    view.put(d.change().action(), d.change().boost());
                }
            }
        }
        return view;
    }

    /** Under the intents' lock: recorded before {@link PoolIntents#replace} can run again. */
    private void localChange(ScalePool action, Boost boost) {
        deltas.put(action, new Delta(new SharedIntentsData.Change(action, boost), changes.incrementAndGet(), 0));
        writer.execute(this::writePending);
    }

    /**
     * Writes every pending change in one update, on the caller's thread (the writer's, or shutdown's);
     * a no-op when an earlier call took them all.
     */
    public synchronized void writePending() {
        List<Delta> batch = deltas.values().stream().filter(Delta::pending).toList();
        if (batch.isEmpty()) {
            return;
        }
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                writeOnce(batch);
                long write = writes.incrementAndGet();
                // a newer change of the same action (another seq) stays pending for the next flush
                batch.forEach(d -> deltas.replace(d.change().action(), d, new Delta(d.change(), d.seq(), write)));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == WRITE_ATTEMPTS) {
                    Log.warnf(
                            "KEDA scaler: cannot share %d intent change(s) in %s/%s (%s); kept and written again "
                                    + "after the next read",
                            batch.size(), namespace, name, e.getMessage());
                    return;
                }
            }
        }
    }

    /** Read, apply this replica's changes, write back with the read's resourceVersion (409 if someone was faster). */
    private void writeOnce(List<Delta> batch) {
        ConfigMap current =
                client.configMaps().inNamespace(namespace).withName(name).get();
        afterRead.run();
        Map<String, String> entries =
                new HashMap<>(current == null || current.getData() == null ? Map.of() : current.getData());
        if (!data.apply(entries, batch.stream().map(Delta::change).toList(), clock.instant())) {
            return;
        }
        if (current == null) {
            client.configMaps() // 409 AlreadyExists if another replica created it first: read again
                    .inNamespace(namespace)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .addToLabels("app.kubernetes.io/name", "odpe-engine")
                            .endMetadata()
                            .withData(entries)
                            .build())
                    .create();
            return;
        }
        current.setData(entries);
        client.configMaps()
                .inNamespace(namespace)
                .resource(current)
                .lockResourceVersion(current.getMetadata().getResourceVersion())
                .update();
    }
}
