package dev.odpe.engine.adapter.keda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps every replica's {@link PoolIntents} equal through one ConfigMap, one key per pool: a replica
 * that records or withdraws a boost writes the pool's key (off the evaluation thread, optimistic
 * locking, retried on conflict); every replica reads the ConfigMap each refresh and takes the other
 * replicas' changes (StreamIsActive subscribers are pushed as for a local change). A pool with a
 * local change not yet written is not overwritten by an older read.
 */
public class SharedPoolIntents {

    private static final int WRITE_ATTEMPTS = 5;

    private final PoolIntents intents;
    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final IntentsCodec codec;
    private final Clock clock;
    private final Executor writer;
    private final Map<PoolKey, Long> unwritten = new ConcurrentHashMap<>();
    private final AtomicLong changes = new AtomicLong();
    private final ThreadLocal<Boolean> applyingShared = ThreadLocal.withInitial(() -> false);

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
        this.codec = new IntentsCodec(json);
        this.clock = clock;
        this.writer = writer;
        intents.onChange(this::localChange);
    }

    /** Takes what the ConfigMap holds for every pool without an unwritten local change. */
    public void refresh() {
        ConfigMap shared;
        try {
            shared = client.configMaps().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            Log.warnf(
                    "KEDA scaler: cannot read shared intents %s/%s: %s; serving local intents",
                    namespace, name, e.getMessage());
            return;
        }
        Map<PoolKey, Map<ScalePool, Boost>> remote = decodeAll(shared);
        Set<PoolKey> pools = new HashSet<>(remote.keySet());
        pools.addAll(intents.pools());
        applyingShared.set(true);
        try {
            for (PoolKey pool : pools) {
                if (!unwritten.containsKey(pool)) {
                    intents.replace(pool, remote.getOrDefault(pool, Map.of()));
                }
            }
        } finally {
            applyingShared.set(false);
        }
    }

    /** True while local changes are queued or being written (for tests and shutdown). */
    public boolean hasUnwrittenChanges() {
        return !unwritten.isEmpty();
    }

    private void localChange(PoolKey pool) {
        if (applyingShared.get()) {
            return;
        }
        long change = changes.incrementAndGet();
        unwritten.put(pool, change);
        writer.execute(() -> write(pool, change));
    }

    private void write(PoolKey pool, long change) {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            try {
                writeOnce(pool);
                unwritten.remove(pool, change); // a newer change keeps the pool marked until it too is written
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == WRITE_ATTEMPTS) {
                    Log.warnf(
                            "KEDA scaler: cannot share intents of pool %s in %s/%s (%s); other replicas do not "
                                    + "see this change until the next one is written",
                            pool, namespace, name, e.getMessage());
                    unwritten.remove(pool, change);
                    return;
                }
            }
        }
    }

    /** Read, change the pool's key, write back with the read's resourceVersion (409 if someone was faster). */
    private void writeOnce(PoolKey pool) {
        Instant now = clock.instant();
        Map<ScalePool, Boost> live = new HashMap<>();
        intents.intentsOf(pool).forEach((action, boost) -> {
            if (boost.liveAt(now)) {
                live.put(action, boost);
            }
        });
        String key = IntentsCodec.keyOf(pool);
        ConfigMap current =
                client.configMaps().inNamespace(namespace).withName(name).get();
        if (current == null) {
            if (live.isEmpty()) {
                return;
            }
            client.configMaps()
                    .inNamespace(namespace)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(name)
                            .addToLabels("app.kubernetes.io/name", "odpe-engine")
                            .endMetadata()
                            .addToData(key, codec.encode(live))
                            .build())
                    .create();
            return;
        }
        Map<String, String> data = new HashMap<>(current.getData() == null ? Map.of() : current.getData());
        if (live.isEmpty()) {
            data.remove(key);
        } else {
            data.put(key, codec.encode(live));
        }
        current.setData(data);
        client.configMaps()
                .inNamespace(namespace)
                .resource(current)
                .lockResourceVersion(current.getMetadata().getResourceVersion())
                .update();
    }

    private Map<PoolKey, Map<ScalePool, Boost>> decodeAll(ConfigMap shared) {
        Map<PoolKey, Map<ScalePool, Boost>> pools = new HashMap<>();
        if (shared == null || shared.getData() == null) {
            return pools;
        }
        shared.getData().forEach((key, text) -> {
            try {
                Map<ScalePool, Boost> decoded = codec.decode(text);
                decoded.keySet().stream()
                        .findFirst()
                        .ifPresent(a -> pools.put(new PoolKey(a.namespace(), a.pool()), decoded));
            } catch (JsonProcessingException e) {
                Log.warnf("KEDA scaler: ignoring unreadable key %s in %s/%s: %s", key, namespace, name, e.getMessage());
            }
        });
        return pools;
    }
}
