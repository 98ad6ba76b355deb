package dev.odpe.scaler;

/**
 * The scale target's replica counts as last read from the API server.
 *
 * @param specReplicas  replicas asked for ({@code spec.replicas})
 * @param readyReplicas replicas serving ({@code status.readyReplicas}, 0 when absent)
 */
public record TargetStatus(int specReplicas, int readyReplicas) {

    public TargetStatus {
        if (specReplicas < 0 || readyReplicas < 0) {
            throw new IllegalArgumentException("replica counts must be >= 0: " + specReplicas + ", " + readyReplicas);
        }
    }

    /** A previous scale-up has replicas that are not ready yet (GPU pods loading models). */
    public boolean scaleUpPending() {
        return readyReplicas < specReplicas;
    }
}
