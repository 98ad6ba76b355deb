package dev.odpe.engine.rollback;

import dev.odpe.engine.rollback.argocd.ApplicationRef;
import dev.odpe.engine.rollback.argocd.VersionLocation;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Model → Argo CD Application and version location, from {@link RollbackConfig}, checked once. */
final class ModelApplications {

    record Target(ApplicationRef application, VersionLocation version, String strategy) {
    }

    static final java.util.Set<String> STRATEGIES = java.util.Set.of("api", "app-patch");

    private final Map<String, Target> byModel = new HashMap<>();

    ModelApplications(RollbackConfig config) {
        config.models().forEach((model, mapping) -> {
            String key = "odpe.rollback.models.\"" + model + "\"";
            if (!model.contains("/")) {
                throw new IllegalArgumentException(key + ": the key must be <namespace>/<model>, e.g. ml-serving/bert");
            }
            if (mapping.helmParameter().isPresent() == mapping.kustomizeImage().isPresent()) {
                throw new IllegalArgumentException(key + ": set exactly one of helm-parameter and kustomize-image");
            }
            if (!STRATEGIES.contains(mapping.strategy())) {
                throw new IllegalArgumentException(key + ".strategy: '" + mapping.strategy() + "' is not one of "
                        + STRATEGIES);
            }
            VersionLocation version = mapping.helmParameter().<VersionLocation>map(VersionLocation.HelmParameter::new)
                    .orElseGet(() -> new VersionLocation.KustomizeImage(mapping.kustomizeImage().get()));
            byModel.put(model, new Target(new ApplicationRef(mapping.application(), mapping.appNamespace(),
                    mapping.project()), version, mapping.strategy()));
        });
        boolean apiUsed = byModel.values().stream().anyMatch(t -> t.strategy().equals("api"));
        if (apiUsed && (config.argocd().url().isEmpty() || config.argocd().tokenFile().isEmpty())) {
            throw new IllegalArgumentException("odpe.rollback.models uses the api strategy but "
                    + "odpe.rollback.argocd.url and odpe.rollback.argocd.token-file are not both set");
        }
    }

    Optional<Target> of(String namespace, String model) {
        return Optional.ofNullable(byModel.get(namespace + "/" + model));
    }
}
