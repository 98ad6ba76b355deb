package dev.odpe.engine.rollback.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Where an Application's source says which model version it serves. Read from an Application
 * source ({@code spec.source} or a {@code status.history[].source}).
 */
public sealed interface VersionLocation {

    /** The version this source pins, if it pins one here. */
    Optional<String> versionIn(JsonNode source);

    /** A Helm parameter, e.g. {@code model.version} in {@code source.helm.parameters[]}. */
    record HelmParameter(String name) implements VersionLocation {
        @Override
        public Optional<String> versionIn(JsonNode source) {
            for (JsonNode parameter : source.path("helm").path("parameters")) {
                if (name.equals(parameter.path("name").asText())) {
                    return Optional.of(parameter.path("value").asText());
                }
            }
            return Optional.empty();
        }
    }

    /**
     * A Kustomize image override, e.g. image {@code registry/models/bert} in
     * {@code source.kustomize.images[]} as {@code registry/models/bert:8}; the tag is the version.
     */
    record KustomizeImage(String image) implements VersionLocation {
        @Override
        public Optional<String> versionIn(JsonNode source) {
            for (JsonNode override : source.path("kustomize").path("images")) {
                String text = override.asText();
                int equals = text.indexOf('=');
                String reference = equals >= 0 ? text.substring(equals + 1) : text;
                if (reference.startsWith(image + ":")) {
                    return Optional.of(reference.substring(image.length() + 1));
                }
            }
            return Optional.empty();
        }
    }
}
