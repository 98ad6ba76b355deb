package dev.odpe.engine.decision;

import java.time.Instant;

/**
 * One alert occurrence that a decision rests on. Fingerprint alone names the label set; with
 * {@code startsAt} it names this firing, so a re-fire tomorrow is a new cause.
 */
public record Cause(String fingerprint, Instant startsAt, String alertName) {

    /** {@code fingerprint@startsAt}: the cause's identity in idempotency keys. */
    public String id() {
        return fingerprint + "@" + (startsAt == null ? "" : startsAt.toString());
    }
}
