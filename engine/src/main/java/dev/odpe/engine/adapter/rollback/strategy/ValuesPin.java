package dev.odpe.engine.adapter.rollback.strategy;

import java.util.Objects;

/**
 * Where a model's version lives in the GitOps repository: a YAML file (a Helm values file, or
 * Argo CD's {@code .argocd-source-<app>.yaml} parameter override file) and a dotted key in it.
 *
 * @param file path inside the repository, e.g. {@code apps/bert/values.yaml}
 * @param key  dotted key of nested mappings, e.g. {@code model.version}
 */
public record ValuesPin(String file, String key) {

    public ValuesPin {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        if (file.isBlank() || file.startsWith("/") || file.contains("..")) {
            throw new IllegalArgumentException("values file must be a path inside the repository, got '" + file + "'");
        }
        requireDottedKey(key);
    }

    /** Checks the shape of a values key: dotted mapping keys, e.g. {@code model.version}. */
    public static void requireDottedKey(String dottedKey) {
        if (dottedKey == null || dottedKey.isBlank() || dottedKey.startsWith(".") || dottedKey.endsWith(".")) {
            throw new IllegalArgumentException(
                    "a values key must be dotted mapping keys, e.g. model.version, got '" + dottedKey + "'");
        }
    }

    @Override
    public String toString() {
        return file + " " + key;
    }
}
