package dev.odpe.engine.adapter.rollback.strategy;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a model is rolled back, as {@code odpe.rollback.models."<ns>/<model>".strategy} names it. */
public enum StrategyKey {
    /** Argo CD's own rollback API (to the newest history entry that serves another version). */
    API("api"),
    /** Patch the Application's source to the last good version (works where the API refuses). */
    APP_PATCH("app-patch"),
    /** Commit the last good version to the GitOps repository (works with automated sync). */
    GIT_PIN("git-pin");

    private final String configName;

    StrategyKey(String configName) {
        this.configName = configName;
    }

    /** The name used in configuration, logs and the audit, e.g. {@code app-patch}. */
    public String configName() {
        return configName;
    }

    public static Optional<StrategyKey> fromConfigName(String name) {
        return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst();
    }

    /** The names configuration accepts, for error messages. */
    public static String configNames() {
        return Arrays.stream(values()).map(StrategyKey::configName).collect(Collectors.joining(", ", "[", "]"));
    }

    @Override
    public String toString() {
        return configName;
    }
}
