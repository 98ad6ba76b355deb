package dev.odpe.rules.action;

import java.util.Objects;

/**
 * Roll a model away from {@code badVersion} to its last good version. {@code reason} says why,
 * e.g. {@code errors}, {@code accuracy}, {@code drift+latency}.
 */
public record RollbackModel(String namespace, String model, String badVersion, String reason)
        implements RemediationAction {

    public RollbackModel {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(badVersion, "badVersion");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public Target target() {
        return Target.model(namespace, model);
    }
}
