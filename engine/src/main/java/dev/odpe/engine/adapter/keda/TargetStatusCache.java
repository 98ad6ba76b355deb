package dev.odpe.engine.adapter.keda;

import dev.odpe.engine.config.KubernetesCluster;
import dev.odpe.scaler.TargetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The scale targets' replica counts, read in the background and served from memory. An RPC only
 * registers interest in its ScaledObject ({@link #statusOf}); the first sighting triggers an
 * immediate read, later ones ride the periodic refresh. Without a cluster it stays empty: the
 * pending-replica guard is off and latency signals (which need the ready count) are unavailable.
 */
@ApplicationScoped
public class TargetStatusCache {

    private record Known(String target, TargetStatus status, Instant readAt) {}

    private final ScalerConfig.TargetStatusConfig config;
    private final KubernetesClient client;
    private final Clock clock;
    private final Map<ScaledObjectId, Instant> lastAsked = new ConcurrentHashMap<>();
    private final Map<ScaledObjectId, Known> known = new ConcurrentHashMap<>();
    private final Set<ScaledObjectId> failing = ConcurrentHashMap.newKeySet();
    private volatile boolean enabled;
    private volatile ScheduledExecutorService refresher;

    public TargetStatusCache(ScalerConfig config, KubernetesClient client, Clock clock) {
        this.config = config.targetStatus();
        this.client = client;
        this.clock = clock;
        requirePositive("odpe.scaler.target-status.refresh", this.config.refresh());
        requirePositive("odpe.scaler.target-status.max-age", this.config.maxAge());
        requirePositive("odpe.scaler.target-status.forget-after", this.config.forgetAfter());
    }

    void start(@Observes StartupEvent event) {
        String master = client.getConfiguration().getMasterUrl();
        enabled = config.enabled().orElse(KubernetesCluster.configured(client));
        if (!enabled) {
            Log.infof(
                    "KEDA scaler: scale target status is not read (%s); pending-replica guard off, latency "
                            + "signals unavailable. Set odpe.scaler.target-status.enabled=true to force it on.",
                    config.enabled().isPresent()
                            ? "odpe.scaler.target-status.enabled=false"
                            : "no Kubernetes cluster configured");
            return;
        }
        Log.infof(
                "KEDA scaler: reading scale target status from %s every %ss",
                master, config.refresh().toSeconds());
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "odpe-target-status");
            thread.setDaemon(true);
            return thread;
        });
        long period = config.refresh().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshAll, period, period, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    /** The target's counts if read within max-age; never blocks. Registers the ScaledObject for refresh. */
    public Optional<TargetStatus> statusOf(ScaledObjectId id) {
        if (!enabled) {
            return Optional.empty();
        }
        if (lastAsked.put(id, clock.instant()) == null) {
            ScheduledExecutorService executor = refresher;
            if (executor != null) {
                executor.execute(() -> refresh(id));
            }
        }
        Known k = known.get(id);
        if (k == null || Duration.between(k.readAt(), clock.instant()).compareTo(config.maxAge()) > 0) {
            return Optional.empty();
        }
        return Optional.of(k.status());
    }

    private void refreshAll() {
        Instant forgetBefore = clock.instant().minus(config.forgetAfter());
        lastAsked.entrySet().removeIf(e -> {
            boolean forget = e.getValue().isBefore(forgetBefore);
            if (forget) {
                known.remove(e.getKey());
                failing.remove(e.getKey());
            }
            return forget;
        });
        lastAsked.keySet().forEach(this::refresh);
    }

    private void refresh(ScaledObjectId id) {
        try {
            ScaleTargetReader.Read read = new ScaleTargetReader(client).read(id);
            if (read instanceof ScaleTargetReader.Read.Found found) {
                known.put(id, new Known(found.target(), found.status(), clock.instant()));
                if (failing.remove(id)) {
                    Log.infof("KEDA scaler: reading %s works again", found.target());
                }
            } else if (read instanceof ScaleTargetReader.Read.Missing missing) {
                known.remove(id);
                if (failing.add(id)) {
                    Log.warnf("KEDA scaler: no replica counts for ScaledObject %s: %s", id, missing.reason());
                }
            }
        } catch (RuntimeException e) {
            // The last counts stay usable until max-age; the warning is logged once per failure streak.
            if (failing.add(id)) {
                Log.warnf("KEDA scaler: reading the scale target of ScaledObject %s failed: %s", id, e.toString());
            }
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalStateException(key + " must be positive, got " + value);
        }
    }
}
