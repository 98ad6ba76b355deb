package dev.odpe.rules.action;

import java.time.Duration;
import java.util.Objects;

/**
 * Boost a GPU pool by {@code step} replicas for {@code ttl}, never beyond {@code maxBoost} extra
 * replicas in total. The KEDA external scaler reads live boosts as intents.
 */
public record ScalePool(String namespace, String pool, int step, Duration ttl, int maxBoost, String reason)
        implements RemediationAction {

    public ScalePool {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Target target() {
        return Target.pool(namespace, pool);
    }
}
