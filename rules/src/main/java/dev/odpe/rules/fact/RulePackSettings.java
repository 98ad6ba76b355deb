package dev.odpe.rules.fact;

import java.time.Duration;

/**
 * Operator-tunable numbers the default pack reads, inserted once as a fact so that rules stay free
 * of magic numbers and of any configuration I/O.
 *
 * @param scaleStep       replicas a {@code ScalePool} boost adds
 * @param boostTtl        how long a boost lasts unless withdrawn earlier
 * @param maxBoost        upper bound on the boost a pool can get from rules
 */
public record RulePackSettings(int scaleStep, Duration boostTtl, int maxBoost) {

    public static final RulePackSettings DEFAULTS = new RulePackSettings(2, Duration.ofMinutes(15), 8);

    public RulePackSettings {
        if (scaleStep < 1) {
            throw new IllegalArgumentException("scaleStep must be >= 1, was " + scaleStep);
        }
        if (boostTtl == null || boostTtl.isNegative() || boostTtl.isZero()) {
            throw new IllegalArgumentException("boostTtl must be positive, was " + boostTtl);
        }
        if (maxBoost < scaleStep) {
            throw new IllegalArgumentException("maxBoost must be >= scaleStep, was " + maxBoost);
        }
    }
}
