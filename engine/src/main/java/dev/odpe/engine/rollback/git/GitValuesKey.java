package dev.odpe.engine.rollback.git;

import java.net.URI;
import java.util.Objects;

/** Where a model's version lives in Git: repository, branch, values file, dotted key (e.g. {@code model.version}). */
public record GitValuesKey(URI repository, String branch, String path, String key) {

    public GitValuesKey {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return repository + " " + branch + ":" + path + " " + key;
    }
}
