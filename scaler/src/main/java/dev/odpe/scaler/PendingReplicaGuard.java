package dev.odpe.scaler;

import java.util.Optional;

/**
 * Stops the cascade naive scalers fall into with GPU pods: replicas asked for a minute ago are still
 * loading models, the ready ones stay overloaded, the signal still says "more", and the scaler keeps
 * adding pods on the same pressure.
 *
 * <p>While a scale-up is pending (ready &lt; spec), the answer is held at what was already asked for
 * ({@code spec}). Two things still pass: a smaller answer (scaling down is never blocked), and the
 * intent-only demand ({@code minReplicas + boost}) — a boost is a fixed number from a rule, not a
 * reading of the overloaded pods, so it cannot cascade and a fresh rule intent is not delayed by
 * model loading. With no known status (no cluster, or not read yet) the guard does nothing.
 */
public final class PendingReplicaGuard {

    private PendingReplicaGuard() {}

    /**
     * @param desired          replicas the signals and intents ask for
     * @param intentOnlyDemand {@code minReplicas + boost}, what the intents alone ask for
     * @param status           the scale target's replica counts, if known
     */
    public static int apply(int desired, int intentOnlyDemand, Optional<TargetStatus> status) {
        if (status.isEmpty() || !status.get().scaleUpPending()) {
            return desired;
        }
        int held = Math.max(status.get().specReplicas(), intentOnlyDemand);
        return Math.min(desired, held);
    }
}
