package dev.odpe.engine.adapter.rollback.strategy;

import java.util.Objects;

/**
 * What rolling one model back acts on: the Argo CD Application that serves it, the strategy, and
 * where its version lives — in the Application's source (api, app-patch) or in the GitOps
 * repository (git-pin).
 *
 * @param version where the Application's source names the version (api, app-patch); null for git-pin
 * @param values  where the GitOps repository names the version (git-pin); null otherwise
 */
public record ModelTarget(StrategyKey strategy, ApplicationRef application, VersionLocation version, ValuesPin values) {

    public ModelTarget {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(application, "application");
        if ((strategy == StrategyKey.GIT_PIN) != (values != null) || (values == null) == (version == null)) {
            throw new IllegalArgumentException("git-pin needs values and no version; api and app-patch a version");
        }
    }

    /** A target whose version lives in the Application's source (api, app-patch). */
    public static ModelTarget inApplication(StrategyKey strategy, ApplicationRef application, VersionLocation version) {
        return new ModelTarget(strategy, application, version, null);
    }

    /** A target whose version lives in the GitOps repository (git-pin). */
    public static ModelTarget inGit(ApplicationRef application, ValuesPin values) {
        return new ModelTarget(StrategyKey.GIT_PIN, application, null, values);
    }

    /** Where the version lives, for the audit. */
    public String where() {
        return values != null ? values.toString() : version.toString();
    }
}
