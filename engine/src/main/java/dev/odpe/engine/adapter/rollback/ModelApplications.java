package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.adapter.rollback.argocd.ApplicationRef;
import dev.odpe.engine.adapter.rollback.argocd.VersionLocation;
import dev.odpe.engine.adapter.rollback.git.ValuesPin;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Model → Argo CD Application, strategy and version location, from {@link RollbackConfig}, checked once. */
final class ModelApplications {

    static final String API = "api";
    static final String APP_PATCH = "app-patch";
    static final String GIT_PIN = "git-pin";
    static final Set<String> STRATEGIES = Set.of(API, APP_PATCH, GIT_PIN);

    /**
     * @param version where the Application's source names the version (api, app-patch); null for git-pin
     * @param values  where the GitOps repository names the version (git-pin); null otherwise
     */
    record Target(ApplicationRef application, VersionLocation version, String strategy, ValuesPin values) {

        Target(ApplicationRef application, VersionLocation version, String strategy) {
            this(application, version, strategy, null);
        }

        /** Where the version lives, for the audit. */
        String where() {
            return values != null ? values.toString() : version.toString();
        }
    }

    private final Map<String, Target> byModel = new HashMap<>();

    ModelApplications(RollbackConfig config) {
        config.models().forEach((model, mapping) -> byModel.put(model, target(model, mapping)));
        boolean apiUsed = byModel.values().stream().anyMatch(t -> t.strategy().equals(API));
        if (apiUsed && (config.argocd().url().isEmpty() || config.argocd().tokenFile().isEmpty())) {
            throw new IllegalArgumentException("odpe.rollback.models uses the api strategy but "
                    + "odpe.rollback.argocd.url and odpe.rollback.argocd.token-file are not both set");
        }
        boolean gitUsed = byModel.values().stream().anyMatch(t -> t.strategy().equals(GIT_PIN));
        if (gitUsed && config.git().url().isEmpty()) {
            throw new IllegalArgumentException("odpe.rollback.models uses the git-pin strategy but odpe.rollback.git.url "
                    + "is not set");
        }
    }

    private static Target target(String model, RollbackConfig.ModelMapping mapping) {
        String key = "odpe.rollback.models.\"" + model + "\"";
        if (!model.contains("/")) {
            throw new IllegalArgumentException(key + ": the key must be <namespace>/<model>, e.g. ml-serving/bert");
        }
        if (!STRATEGIES.contains(mapping.strategy())) {
            throw new IllegalArgumentException(key + ".strategy: '" + mapping.strategy() + "' is not one of "
                    + STRATEGIES);
        }
        ApplicationRef application = new ApplicationRef(mapping.application(), mapping.appNamespace(), mapping.project());
        if (mapping.strategy().equals(GIT_PIN)) {
            if (mapping.valuesFile().isEmpty() || mapping.valuesKey().isEmpty()) {
                throw new IllegalArgumentException(key + ": the git-pin strategy needs values-file and values-key");
            }
            try {
                return new Target(application, null, GIT_PIN,
                        new ValuesPin(mapping.valuesFile().get(), mapping.valuesKey().get()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        if (mapping.helmParameter().isPresent() == mapping.kustomizeImage().isPresent()) {
            throw new IllegalArgumentException(key + ": set exactly one of helm-parameter and kustomize-image");
        }
        VersionLocation version = mapping.helmParameter().<VersionLocation>map(VersionLocation.HelmParameter::new)
                .orElseGet(() -> new VersionLocation.KustomizeImage(mapping.kustomizeImage().get()));
        return new Target(application, version, mapping.strategy());
    }

    Optional<Target> of(String namespace, String model) {
        return Optional.ofNullable(byModel.get(namespace + "/" + model));
    }
}
