package dev.odpe.engine.ingest.drift;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;

/**
 * A drift event as a fact change. One drift fact per (namespace, model, version, detector): drift
 * fires it (again, with the event's time as {@code startsAt}, which the correlation window uses); a
 * "no drift" result from the same detector resolves it, withdrawing what it justified.
 */
public final class DriftFacts {

    /** Every drift fact's fingerprint starts with it; Alertmanager's fingerprints are hexadecimal. */
    public static final String FINGERPRINT_PREFIX = "drift:";

    private DriftFacts() {}

    public static boolean isDriftFact(String fingerprint) {
        return fingerprint.startsWith(FINGERPRINT_PREFIX);
    }

    public static String fingerprint(DriftEvent event) {
        return FINGERPRINT_PREFIX + event.namespace() + "/" + event.model() + "/" + event.version() + "/"
                + event.detector();
    }

    public static AlertChange change(DriftEvent event) {
        String fingerprint = fingerprint(event);
        if (!event.drifted()) {
            return new AlertChange.Resolved(fingerprint, event.time());
        }
        return new AlertChange.Fired(new AlertSignal(
                fingerprint,
                "ModelDrift:" + event.detector(),
                Signal.DRIFT,
                event.namespace(),
                null,
                event.model(),
                event.version(),
                "warning",
                event.time()));
    }
}
