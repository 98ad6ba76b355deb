package dev.odpe.engine.ledger;

import dev.odpe.engine.decision.Outcome;
import java.util.Optional;

/** Where a remediation is in its life; the names are what {@code kubectl get remediations} shows. */
public enum Phase {
    /** Committed; the actuator has not answered yet (or the process died before it did). */
    PENDING("Pending"),
    /** Handed to slow work (a rollback being applied or watched) that reports back later. */
    IN_PROGRESS("InProgress"),
    SUCCEEDED("Succeeded"),
    FAILED("Failed"),
    /** Succeeded, and its cause was seen to resolve afterwards. */
    VERIFIED("Verified"),
    /** Did not succeed in time; a person was told. */
    ESCALATED("Escalated");

    private final String display;

    Phase(String display) {
        this.display = display;
    }

    /** The name stored in the ledger and printed by kubectl. */
    public String display() {
        return display;
    }

    /** Pending or InProgress: work that may still act, and that a new leader resumes. */
    public boolean inFlight() {
        return this == PENDING || this == IN_PROGRESS;
    }

    /** Reads a stored name; unknown or missing names are Pending (a remediation without status yet). */
    public static Phase parse(String stored) {
        for (Phase phase : values()) {
            if (phase.display.equals(stored)) {
                return phase;
            }
        }
        return PENDING;
    }

    /**
     * The phase an action's outcome puts its remediation in; empty for outcomes that say nothing about
     * the action itself (suppressions, dry-run).
     */
    public static Optional<Phase> of(Outcome outcome) {
        return switch (outcome) {
            case EXECUTED -> Optional.of(SUCCEEDED);
            case IN_PROGRESS -> Optional.of(IN_PROGRESS);
            case FAILED_TRANSIENT, FAILED_PERMANENT, NO_EXECUTOR -> Optional.of(FAILED);
            case DRY_RUN, WITHDRAWN, SUPPRESSED_COOLDOWN, SUPPRESSED_DUPLICATE -> Optional.empty();
        };
    }

    @Override
    public String toString() {
        return display;
    }
}
