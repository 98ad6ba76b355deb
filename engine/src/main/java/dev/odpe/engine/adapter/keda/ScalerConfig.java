package dev.odpe.engine.adapter.keda;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The KEDA external scaler's knobs. The gRPC port and TLS are Quarkus' own keys
 * ({@code quarkus.grpc.server.*}); see docs/operations/keda.md.
 */
@ConfigMapping(prefix = "odpe.scaler")
public interface ScalerConfig {

    /**
     * How often every open StreamIsActive stream gets the pool's current answer again: keeps idle
     * streams (and proxies in between) alive, and bounds how late signal-driven activation is seen
     * (intent-driven activation is pushed at once).
     */
    @WithDefault("10s")
    Duration streamResendInterval();

    /**
     * Namespaces whose ScaledObjects the engine serves; an RPC from any other namespace is refused
     * with PERMISSION_DENIED naming it. Unset: every namespace.
     */
    Optional<Set<String>> allowedNamespaces();

    /**
     * Distinct ScaledObjects remembered at once (each holds target status and its tracked queries);
     * a new one beyond it is refused with RESOURCE_EXHAUSTED naming this key. One no RPC named for
     * {@code target-status.forget-after} is forgotten and frees its place.
     */
    @WithDefault("1000")
    @Min(1)
    int maxScaledObjects();

    TargetStatusConfig targetStatus();

    IntentsConfig intents();

    interface IntentsConfig {

        /**
         * Share ScalePool intents between engine replicas through a ConfigMap, so every replica KEDA
         * asks gives the same answer. Unset: on when a cluster is configured, off otherwise.
         */
        Optional<Boolean> shared();

        /** The ConfigMap (in the engine's namespace) that holds every pool's intents. */
        @WithDefault("odpe-pool-intents")
        String configMap();

        /** How often each replica reads the others' intents (a boost reaches every replica within this). */
        @WithDefault("2s")
        Duration refresh();

        /**
         * On shutdown, after evaluation drained: how long to wait for this replica's last intent
         * changes to be written to the ConfigMap (part of the shutdown budget, see odpe.shutdown.grace-period).
         */
        @WithDefault("5s")
        Duration flushTimeout();
    }

    interface TargetStatusConfig {

        /**
         * Read scale targets' replica counts (pending-replica guard, latency signal). Unset: on when
         * a cluster is configured (in-cluster service account, kubeconfig or
         * quarkus.kubernetes-client.api-server-url), off otherwise.
         */
        Optional<Boolean> enabled();

        /** How often each known ScaledObject's target is read again in the background. */
        @WithDefault("10s")
        Duration refresh();

        /** A status older than this (API server unreachable) is not used: the guard is off meanwhile. */
        @WithDefault("60s")
        Duration maxAge();

        /** ScaledObjects no RPC asked about for this long are no longer refreshed. */
        @WithDefault("10m")
        Duration forgetAfter();
    }
}
