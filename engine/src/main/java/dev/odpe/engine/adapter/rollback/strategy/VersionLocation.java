package dev.odpe.engine.adapter.rollback.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Where an Application's source says which model version it serves. Read from an Application
 * source ({@code spec.source} or a {@code status.history[].source}).
 */
public sealed interface VersionLocation {

    /** The version this source pins, if it pins one here. */
    Optional<String> versionIn(JsonNode source);

    /** Pins {@code version} in {@code source} (an Application's {@code spec.source}), in place. */
    void pin(ObjectNode source, String version);

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

        @Override
        public void pin(ObjectNode source, String version) {
            ObjectNode helm = source.has("helm") ? (ObjectNode) source.get("helm") : source.putObject("helm");
            ArrayNode parameters =
                    helm.has("parameters") ? (ArrayNode) helm.get("parameters") : helm.putArray("parameters");
            for (JsonNode parameter : parameters) {
                if (name.equals(parameter.path("name").asText())) {
                    ((ObjectNode) parameter).put("value", version);
                    return;
                }
            }
            parameters.addObject().put("name", name).put("value", version);
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

        @Override
        public void pin(ObjectNode source, String version) {
            ObjectNode kustomize =
                    source.has("kustomize") ? (ObjectNode) source.get("kustomize") : source.putObject("kustomize");
            ArrayNode images =
                    kustomize.has("images") ? (ArrayNode) kustomize.get("images") : kustomize.putArray("images");
            for (int i = 0; i < images.size(); i++) {
                String text = images.get(i).asText();
                int equals = text.indexOf('=');
                String prefix = equals >= 0 ? text.substring(0, equals + 1) : "";
                String reference = text.substring(prefix.length());
                if (reference.startsWith(image + ":") || reference.equals(image)) {
                    images.set(i, images.textNode(prefix + image + ":" + version));
                    return;
                }
            }
            images.add(image + ":" + version);
        }
    }
}
