package dev.odpe.engine.rollback;

import dev.odpe.engine.rollback.argocd.ApplicationRef;
import dev.odpe.engine.rollback.argocd.VersionLocation;
import dev.odpe.engine.rollback.git.GitValuesKey;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Model → Argo CD Application and version location, from {@link RollbackConfig}, checked once. */
final class ModelApplications {

    /** {@code application}/{@code version} for the Argo CD strategies, {@code git} for git-pin (the others null). */
    record Target(ApplicationRef application, VersionLocation version, GitValuesKey git, String strategy) {
    }

    static final java.util.Set<String> STRATEGIES = java.util.Set.of("api", "app-patch", "git-pin");

    private final Map<String, Target> byModel = new HashMap<>();

    ModelApplications(RollbackConfig config) {
        config.models().forEach((model, mapping) -> {
            String key = "odpe.rollback.models.\"" + model + "\"";
            if (!model.contains("/")) {
                throw new IllegalArgumentException(key + ": the key must be <namespace>/<model>, e.g. ml-serving/bert");
            }
            if (!STRATEGIES.contains(mapping.strategy())) {
                throw new IllegalArgumentException(key + ".strategy: '" + mapping.strategy() + "' is not one of "
                        + STRATEGIES);
            }
            byModel.put(model, mapping.strategy().equals("git-pin") ? gitTarget(key, mapping)
                    : argoCdTarget(key, mapping));
        });
        boolean apiUsed = byModel.values().stream().anyMatch(t -> t.strategy().equals("api"));
        if (apiUsed && (config.argocd().url().isEmpty() || config.argocd().tokenFile().isEmpty())) {
            throw new IllegalArgumentException("odpe.rollback.models uses the api strategy but "
                    + "odpe.rollback.argocd.url and odpe.rollback.argocd.token-file are not both set");
        }
    }

    private static Target argoCdTarget(String key, RollbackConfig.ModelMapping mapping) {
        if (mapping.application().isEmpty()) {
            throw new IllegalArgumentException(key + ".application is required for strategy " + mapping.strategy());
        }
        if (mapping.helmParameter().isPresent() == mapping.kustomizeImage().isPresent()) {
            throw new IllegalArgumentException(key + ": set exactly one of helm-parameter and kustomize-image");
        }
        VersionLocation version = mapping.helmParameter().<VersionLocation>map(VersionLocation.HelmParameter::new)
                .orElseGet(() -> new VersionLocation.KustomizeImage(mapping.kustomizeImage().get()));
        return new Target(new ApplicationRef(mapping.application().get(), mapping.appNamespace(), mapping.project()),
                version, null, mapping.strategy());
    }

    private static Target gitTarget(String key, RollbackConfig.ModelMapping mapping) {
        RollbackConfig.GitLocation git = mapping.git();
        if (git.repository().isEmpty() || git.path().isEmpty() || git.key().isEmpty()) {
            throw new IllegalArgumentException(key + ".git.repository, .git.path and .git.key are required for "
                    + "strategy git-pin");
        }
        return new Target(null, null, new GitValuesKey(git.repository().get(), git.branch(), git.path().get(),
                git.key().get()), "git-pin");
    }

    Optional<Target> of(String namespace, String model) {
        return Optional.ofNullable(byModel.get(namespace + "/" + model));
    }
}
