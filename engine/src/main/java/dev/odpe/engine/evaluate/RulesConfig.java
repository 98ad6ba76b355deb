package dev.odpe.engine.evaluate;

import dev.odpe.rules.fact.RulePackSettings;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Which rule pack runs and the numbers the pack reads (inserted as a {@link RulePackSettings} fact). */
@ConfigMapping(prefix = "odpe.rules")
public interface RulesConfig {

    /**
     * Directory of {@code .drl} files (e.g. a ConfigMap or a Git checkout). Absent: the pack bundled
     * in odpe-rules.
     */
    Optional<Path> dir();

    /**
     * How often {@code odpe.rules.dir} is checked for changed files (a hash over the {@code .drl} files and
     * {@code scenarios/}, so a ConfigMap's symlink swap counts); a change passes the gate before it runs.
     */
    @WithDefault("10s")
    Duration pollInterval();

    /** Replicas one {@code ScalePool} boost adds. */
    @WithDefault("2")
    @Min(1)
    int scaleStep();

    /**
     * Lease of a {@code ScalePool} boost: renewed while its alert fires (docs/operations/keda.md), so it
     * runs out only when the process holding it stopped.
     */
    @WithDefault("15m")
    Duration boostTtl();

    /** Cap on the extra replicas rules can ask for on one pool. */
    @WithDefault("8")
    @Min(1)
    int maxBoost();

    /** The settings fact; its constructor rejects inconsistent values, which fails start-up. */
    default RulePackSettings settings() {
        return new RulePackSettings(scaleStep(), boostTtl(), maxBoost());
    }
}
