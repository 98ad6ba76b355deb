package dev.odpe.engine.adapter.keda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.config.KubernetesCluster;
import dev.odpe.engine.config.ShutdownBudget;
import dev.odpe.engine.config.ShutdownOrder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link SharedPoolIntents} when intents are shared ({@code odpe.scaler.intents.shared}, on by
 * default in a cluster): a writer thread for local changes and a periodic read of the others'. On
 * shutdown, after evaluation drained (its last boosts and withdrawals are recorded), the changes not
 * yet written go out within {@code odpe.scaler.intents.flush-timeout}.
 */
@ApplicationScoped
public class SharedIntentsLifecycle implements ShutdownBudget {

    private final ScalerConfig.IntentsConfig config;
    private final PoolIntents intents;
    private final KubernetesClient client;
    private final ObjectMapper json;
    private final Clock clock;
    private ExecutorService writer;
    private ScheduledExecutorService reader;
    private SharedPoolIntents shared;

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
        if (!sharing()) {
            Log.info("KEDA scaler: ScalePool intents are kept in this replica only (no cluster, or "
                    + "odpe.scaler.intents.shared=false); run one replica for intent-driven scaling");
            return;
        }
        String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
        writer = Executors.newSingleThreadExecutor(daemon("odpe-intents-writer"));
        reader = Executors.newSingleThreadScheduledExecutor(daemon("odpe-intents-reader"));
        shared = new SharedPoolIntents(intents, client, namespace, config.configMap(), json, clock, writer);
        long period = config.refresh().toMillis();
        reader.scheduleWithFixedDelay(() -> refreshSafely(shared), 0, period, TimeUnit.MILLISECONDS);
        Log.infof(
                "KEDA scaler: ScalePool intents shared between replicas through ConfigMap %s/%s, read every %s",
                namespace, config.configMap(), config.refresh());
    }

    void stop(@Observes @Priority(ShutdownOrder.AFTER_EVALUATION_DRAINED) ShutdownEvent event) {
        if (reader != null) {
            reader.shutdownNow();
        }
        if (writer == null) {
            return;
        }
        writer.execute(shared::writePending); // also changes whose earlier write failed
        writer.shutdown(); // queued writes still go out
        try {
            writer.awaitTermination(config.flushTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shared.hasUnwrittenChanges()) {
            Log.warnf(
                    "KEDA scaler: intent changes not shared within %s (odpe.scaler.intents.flush-timeout); other "
                            + "replicas keep serving the previous state until its TTL ends",
                    config.flushTimeout());
        }
    }

    @Override
    public String budgetKey() {
        return "odpe.scaler.intents.flush-timeout";
    }

    @Override
    public Duration budget() {
        return sharing() ? config.flushTimeout() : Duration.ZERO;
    }

    private boolean sharing() {
        return config.shared().orElse(KubernetesCluster.configured(client));
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
