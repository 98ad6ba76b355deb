package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.Redaction;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.adapter.rollback.strategy.ValuesPin;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Model → Argo CD Application, strategy and version location, from {@link RollbackConfig}, checked once. */
final class ModelApplications {

    private final Map<String, ModelTarget> byModel = new HashMap<>();

    ModelApplications(RollbackConfig config) {
        refuseCredentials("odpe.rollback.argocd.url", config.argocd().url(), "use odpe.rollback.argocd.token-file");
        refuseCredentials(
                "odpe.rollback.git.url",
                config.git().url(),
                "use odpe.rollback.git.username and odpe.rollback.git.token-file");
        config.models().forEach((model, mapping) -> byModel.put(model, target(model, mapping)));
        boolean apiUsed = byModel.values().stream().anyMatch(t -> t.strategy() == StrategyKey.API);
        if (apiUsed
                && (config.argocd().url().isEmpty()
                        || config.argocd().tokenFile().isEmpty())) {
            throw new IllegalArgumentException("odpe.rollback.models uses the api strategy but "
                    + "odpe.rollback.argocd.url and odpe.rollback.argocd.token-file are not both set");
        }
        boolean gitUsed = byModel.values().stream().anyMatch(t -> t.strategy() == StrategyKey.GIT_PIN);
        if (gitUsed && config.git().url().isEmpty()) {
            throw new IllegalArgumentException(
                    "odpe.rollback.models uses the git-pin strategy but odpe.rollback.git.url " + "is not set");
        }
    }

    /** Credentials in a URL would reach logs and decision details: refused, naming the key, never echoed. */
    private static void refuseCredentials(String key, Optional<URI> url, String instead) {
        if (url.isPresent() && Redaction.hasUserInfo(url.get())) {
            throw new IllegalArgumentException(
                    key + "=" + Redaction.url(url.get()) + ": credentials in the URL are refused; " + instead);
        }
    }

    private static ModelTarget target(String model, RollbackConfig.ModelMapping mapping) {
        String key = "odpe.rollback.models.\"" + model + "\"";
        if (!model.contains("/")) {
            throw new IllegalArgumentException(key + ": the key must be <namespace>/<model>, e.g. ml-serving/bert");
        }
        StrategyKey strategy = StrategyKey.fromConfigName(mapping.strategy())
                .orElseThrow(() -> new IllegalArgumentException(
                        key + ".strategy: '" + mapping.strategy() + "' is not one of " + StrategyKey.configNames()));
        ApplicationRef application =
                new ApplicationRef(mapping.application(), mapping.appNamespace(), mapping.project());
        if (strategy == StrategyKey.GIT_PIN) {
            if (mapping.valuesFile().isEmpty() || mapping.valuesKey().isEmpty()) {
                throw new IllegalArgumentException(key + ": the git-pin strategy needs values-file and values-key");
            }
            try {
                return ModelTarget.inGit(
                        application,
                        new ValuesPin(
                                mapping.valuesFile().get(), mapping.valuesKey().get()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
            }
        }
        if (mapping.helmParameter().isPresent() == mapping.kustomizeImage().isPresent()) {
            throw new IllegalArgumentException(key + ": set exactly one of helm-parameter and kustomize-image");
        }
        VersionLocation version = mapping.helmParameter()
                .<VersionLocation>map(VersionLocation.HelmParameter::new)
                .orElseGet(() -> new VersionLocation.KustomizeImage(
                        mapping.kustomizeImage().get()));
        return ModelTarget.inApplication(strategy, application, version);
    }

    Optional<ModelTarget> of(String namespace, String model) {
        return Optional.ofNullable(byModel.get(namespace + "/" + model));
    }
}
