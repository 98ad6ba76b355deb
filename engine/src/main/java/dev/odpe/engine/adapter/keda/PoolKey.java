package dev.odpe.engine.adapter.keda;

import java.util.Objects;

/** A GPU pool as rules and ScaledObjects name it: the namespace of its workload and its pool label. */
public record PoolKey(String namespace, String pool) {

    public PoolKey {
        namespace = namespace == null ? "" : namespace;
        Objects.requireNonNull(pool, "pool");
    }

    @Override
    public String toString() {
        return namespace + "/" + pool;
    }
}
