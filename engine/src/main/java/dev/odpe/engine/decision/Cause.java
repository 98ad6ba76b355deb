package dev.odpe.engine.decision;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One alert occurrence that a decision rests on. Fingerprint alone names the label set; with
 * {@code startsAt} it names this firing, so a re-fire tomorrow is a new cause.
 */
public record Cause(String fingerprint, Instant startsAt, String alertName) {

    /**
     * {@code fingerprint@startsAt}: the cause's identity in idempotency keys. {@code startsAt} counts to
     * the millisecond: Alertmanager's webhook sends it to the nanosecond, its API ({@code GET
     * /api/v2/alerts}, read by the resync and by a new leader) to the millisecond, and one firing must
     * be one cause whichever way it arrived, or a replica taking over would act on it again.
     */
    public String id() {
        return fingerprint + "@"
                + (startsAt == null
                        ? ""
                        : startsAt.truncatedTo(ChronoUnit.MILLIS).toString());
    }
}
