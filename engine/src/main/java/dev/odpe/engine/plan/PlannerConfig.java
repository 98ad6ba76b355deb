package dev.odpe.engine.plan;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Safety rails between what rules ask for and what is done. */
@ConfigMapping(prefix = "odpe.planner")
public interface PlannerConfig {

    /** Record what would be done instead of doing it. On by default: acting is an explicit choice. */
    @WithDefault("true")
    boolean dryRun();

    /**
     * Action types (record names, e.g. {@code ScalePool}) that act for real even while
     * {@link #dryRun()} is on: lets scaling intents reach KEDA while rollbacks stay recorded only.
     * Unknown names fail start-up.
     */
    Optional<Set<String>> liveTypes();

    /**
     * Minimum time between two actions of the same type on the same target. Not applied to
     * {@code ScalePool}: boosts are level state, rate-limited by the HPA's {@code behavior}.
     */
    @WithDefault("10m")
    Duration cooldown();

    /** Per action type overrides of {@link #cooldown()}, keyed by record name, e.g. {@code RollbackModel}. */
    Map<String, Duration> cooldownByType();

    /** How long an idempotency key is remembered: the same cause is acted on at most once within it. */
    @WithDefault("24h")
    Duration idempotencyTtl();

    /** Bound on remembered idempotency keys and cooldown entries (oldest forgotten first). */
    @WithDefault("100000")
    @Min(1)
    int maxRemembered();

    /** Whether actions of this type are only recorded. */
    default boolean dryRunFor(String actionType) {
        return dryRun() && !liveTypes().orElse(Set.of()).contains(actionType);
    }

    default Duration cooldownFor(String actionType) {
        return cooldownByType().getOrDefault(actionType, cooldown());
    }
}
