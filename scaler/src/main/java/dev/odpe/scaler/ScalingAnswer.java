package dev.odpe.scaler;

import java.util.Objects;

/** What the scaler says about a pool right now: a replica count, or why it cannot say. */
public sealed interface ScalingAnswer {

    /**
     * @param replicas the metric value for KEDA (target 1 → HPA desired replicas)
     * @param active   for IsActive: signal demand above the activation threshold, or a live intent
     * @param explanation how {@code replicas} came about, for logs and debugging
     */
    record Desired(int replicas, boolean active, String explanation) implements ScalingAnswer {}

    /**
     * A signal has no trustworthy value (stale, failed, never read, or missing the replica count it
     * needs). KEDA gets an error and applies its fallback — never a silent 0.
     *
     * @param source which signal, e.g. {@code queueQuery (prometheus http://prom:9090)}
     */
    record Unavailable(String source, String reason) implements ScalingAnswer {
        public Unavailable {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }

        public String message() {
            return "signal " + source + " unavailable: " + reason;
        }
    }
}
