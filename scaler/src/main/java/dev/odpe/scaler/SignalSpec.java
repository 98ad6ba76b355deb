package dev.odpe.scaler;

import java.util.Objects;

/** One signal a pool scales on: what to query and the load one replica should carry. */
public record SignalSpec(SignalKind kind, String query, double perReplicaTarget) {

    public SignalSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(query, "query");
        if (!(perReplicaTarget > 0) || Double.isInfinite(perReplicaTarget)) {
            throw new IllegalArgumentException("perReplicaTarget must be a positive number: " + perReplicaTarget);
        }
    }
}
