package dev.odpe.engine.adapter.keda;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link SharedPoolIntents} when intents are shared ({@code odpe.scaler.intents.shared}, on by
 * default in a cluster): a writer thread for local changes and a periodic read of the others'.
 */
@ApplicationScoped
public class SharedIntentsLifecycle {

    private final ScalerConfig.IntentsConfig config;
    private final PoolIntents intents;
    private final KubernetesClient client;
    private final ObjectMapper json;
    private final Clock clock;
    private ExecutorService writer;
    private ScheduledExecutorService reader;

    public SharedIntentsLifecycle(
            ScalerConfig config, PoolIntents intents, KubernetesClient client, ObjectMapper json, Clock clock) {
        this.config = config.intents();
        this.intents = intents;
        this.client = client;
        this.json = json;
        this.clock = clock;
        if (this.config.refresh().isNegative() || this.config.refresh().isZero()) {
            throw new IllegalStateException(
                    "odpe.scaler.intents.refresh must be positive, got " + this.config.refresh());
        }
    }

    void start(@Observes StartupEvent event) {
        if (!config.shared().orElse(KubernetesCluster.configured(client))) {
            Log.info("KEDA scaler: ScalePool intents are kept in this replica only (no cluster, or "
                    + "odpe.scaler.intents.shared=false); run one replica for intent-driven scaling");
            return;
        }
        String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
        writer = Executors.newSingleThreadExecutor(daemon("odpe-intents-writer"));
        reader = Executors.newSingleThreadScheduledExecutor(daemon("odpe-intents-reader"));
        SharedPoolIntents shared =
                new SharedPoolIntents(intents, client, namespace, config.configMap(), json, clock, writer);
        long period = config.refresh().toMillis();
        reader.scheduleWithFixedDelay(() -> refreshSafely(shared), 0, period, TimeUnit.MILLISECONDS);
        Log.infof(
                "KEDA scaler: ScalePool intents shared between replicas through ConfigMap %s/%s, read every %s",
                namespace, config.configMap(), config.refresh());
    }

    void stop(@Observes ShutdownEvent event) {
        if (writer != null) {
            writer.shutdown(); // queued writes still go out
            try {
                writer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (reader != null) {
            reader.shutdownNow();
        }
    }

    private static void refreshSafely(SharedPoolIntents shared) {
        try {
            shared.refresh();
        } catch (RuntimeException e) {
            Log.error(
                    "KEDA scaler: reading shared intents failed; next read as scheduled", e); // keep the schedule alive
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
