package dev.odpe.engine.ingest.alertmanager;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.ingest.DedupeKey;
import dev.odpe.rules.fact.AlertSignal;

/** What one alert of a payload became: a change for evaluation, or an ignored alert with its reason. */
public sealed interface MappedAlert {

    /** Position in the payload's {@code alerts} array. */
    int index();

    /**
     * @param signal             the fact the alert describes (also for resolved alerts, for reporting)
     * @param change             what evaluation receives: {@code Fired} or {@code Resolved}
     * @param key                its de-duplication identity
     * @param fingerprintDerived true when the payload had no fingerprint and it was derived from the labels
     */
    record Derived(int index, AlertSignal signal, AlertChange change, DedupeKey key, boolean fingerprintDerived)
            implements MappedAlert {}

    record Ignored(int index, String fingerprint, String alertName, IgnoreReason reason, String detail)
            implements MappedAlert {}
}
