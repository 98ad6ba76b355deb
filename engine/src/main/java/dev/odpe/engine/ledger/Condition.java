package dev.odpe.engine.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One observation about a remediation, Kubernetes style: at most one condition per {@code type} (a
 * newer one replaces it), e.g. {@code Withdrawn} when its alert resolved or {@code RetryScheduled}.
 *
 * @param status {@code "True"}, {@code "False"} or {@code "Unknown"}
 */
public record Condition(String type, String status, String reason, String message, Instant lastTransitionTime) {

    public Condition {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(status, "status");
        reason = reason == null ? "" : reason;
        message = LedgerText.redact(message);
    }

    /** A condition that holds. */
    public static Condition isTrue(String type, String reason, String message, Instant at) {
        return new Condition(type, "True", reason, message, at);
    }
}
