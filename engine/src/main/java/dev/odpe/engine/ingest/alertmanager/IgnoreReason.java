package dev.odpe.engine.ingest.alertmanager;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Why an alert of a valid payload produced no fact. Not an error for the batch: Alertmanager routes
 * whole groups, and alerts that are not for ODPE may share a receiver with those that are.
 */
public enum IgnoreReason {
    /** No {@code signal} label: the alert is not written for ODPE. */
    SIGNAL_MISSING("signal-missing"),
    /** A {@code signal} label whose value is not one of {@code Signal}'s labels. */
    SIGNAL_UNKNOWN("signal-unknown"),
    /** No {@code namespace} label: no workload to act on. */
    NAMESPACE_MISSING("namespace-missing");

    private final String label;

    IgnoreReason(String label) {
        this.label = label;
    }

    /** Value of the {@code reason} metric tag and of the response's {@code reason} field. */
    @JsonValue
    public String label() {
        return label;
    }
}
