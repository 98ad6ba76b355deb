package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one registration point for rollback strategies: a {@link RollbackJob} per {@link StrategyKey}
 * this engine is configured for (built by {@link RollbackProducers}).
 */
final class RollbackJobs {

    private final Map<StrategyKey, RollbackJob> byKey;

    RollbackJobs(Map<StrategyKey, RollbackJob> byKey) {
        this.byKey = byKey.isEmpty() ? Map.of() : new EnumMap<>(byKey);
    }

    /** Empty when the strategy is not configured (e.g. git-pin without {@code odpe.rollback.git.url}). */
    Optional<RollbackJob> of(StrategyKey key) {
        return Optional.ofNullable(byKey.get(key));
    }
}
