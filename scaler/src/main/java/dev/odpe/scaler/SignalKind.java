package dev.odpe.scaler;

/**
 * The load signals a pool can scale on. Each is a query key and a per-replica target key in the
 * trigger metadata. See scaler/README.md, "How to add a signal source".
 */
public enum SignalKind {

    /** Total pending requests in the pool; target = pending requests one replica may hold. */
    QUEUE("queueQuery", "queueTarget", false),
    /** Sum of GPU utilisation (0–1 per GPU) across the pool; target = utilisation per replica, e.g. 0.8. */
    GPU("gpuQuery", "gpuTarget", false),
    /**
     * Pool latency (any unit, same as the target). Not additive over replicas, so it scales
     * proportionally: desired = ceil(readyReplicas × latency / target).
     */
    LATENCY("latencyQuery", "latencyTarget", true);

    private final String queryKey;
    private final String targetKey;
    private final boolean proportional;

    SignalKind(String queryKey, String targetKey, boolean proportional) {
        this.queryKey = queryKey;
        this.targetKey = targetKey;
        this.proportional = proportional;
    }

    public String queryKey() {
        return queryKey;
    }

    public String targetKey() {
        return targetKey;
    }

    /** True when the load is per replica (latency), so demand needs the current replica count. */
    public boolean proportional() {
        return proportional;
    }
}
