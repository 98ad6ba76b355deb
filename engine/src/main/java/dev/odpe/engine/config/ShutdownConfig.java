package dev.odpe.engine.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What the engine may assume about its own shutdown. */
@ConfigMapping(prefix = "odpe.shutdown")
public interface ShutdownConfig {

    /**
     * The time between SIGTERM and SIGKILL: the pod's {@code terminationGracePeriodSeconds} (k8s/base
     * sets both to 60 s). Start-up fails when the shutdown steps' budgets add up to more.
     */
    @WithDefault("60s")
    Duration gracePeriod();
}
