package dev.odpe.rules.action;

import java.util.Objects;

/** Tell people, change nothing: the default answer when the evidence is not strong enough to act. */
public record Notify(Target target, String severity, String reason, String message) implements RemediationAction {

    public Notify {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
