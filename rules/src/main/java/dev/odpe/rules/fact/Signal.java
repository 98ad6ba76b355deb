package dev.odpe.rules.fact;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kind of breach an alert reports, read from the {@code signal} label (see rules/README.md).
 * The label values are the contract with Prometheus rule authors; the enum names are what DRL uses.
 */
public enum Signal {
    LATENCY("latency"),
    ERRORS("errors"),
    QUEUE("queue"),
    GPU_SATURATION("gpu-saturation"),
    DRIFT("drift"),
    ACCURACY("accuracy");

    private final String label;

    Signal(String label) {
        this.label = label;
    }

    /** The value of the {@code signal} label that maps to this kind. */
    public String label() {
        return label;
    }

    /** Parses a {@code signal} label value; empty when the value is not part of the contract. */
    public static Optional<Signal> fromLabel(String value) {
        if (value == null) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(s -> s.label.equals(value)).findFirst();
    }
}
