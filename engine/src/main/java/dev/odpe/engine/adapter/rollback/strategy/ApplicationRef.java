package dev.odpe.engine.adapter.rollback.strategy;

import java.util.Objects;

/** The Argo CD Application that serves a model: its name, the namespace it lives in, its project. */
public record ApplicationRef(String name, String appNamespace, String project) {

    public ApplicationRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(appNamespace, "appNamespace");
        Objects.requireNonNull(project, "project");
    }

    @Override
    public String toString() {
        return appNamespace + "/" + name + " (project " + project + ")";
    }
}
