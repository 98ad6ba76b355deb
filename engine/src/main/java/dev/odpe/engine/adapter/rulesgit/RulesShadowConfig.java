package dev.odpe.engine.adapter.rulesgit;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The shadow pack: runs beside the active one on the same input and never acts. */
@ConfigMapping(prefix = "odpe.rules.shadow")
public interface RulesShadowConfig {

    /**
     * A branch, tag or commit of {@code odpe.rules.git.url} (also a full ref such as
     * {@code refs/pull/42/head}); unset: no shadow pack.
     */
    Optional<String> ref();
}
