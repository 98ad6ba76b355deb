package dev.odpe.engine.ingest.alertmanager;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.ingest.DedupeKey;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Maps a validated Alertmanager payload to facts. Label contract (see rules/README.md):
 * {@code signal} (required, one of {@link Signal}'s labels), {@code namespace} (required),
 * {@code pool}, {@code model}, {@code version}, {@code severity}, {@code alertname}.
 * Resolved alerts follow the same contract, so an alert is either ignored in both states or in neither.
 */
public final class AlertmanagerAlertMapper {

    static final String SIGNAL = "signal";
    static final String NAMESPACE = "namespace";
    private static final String KNOWN_SIGNALS =
            Arrays.stream(Signal.values()).map(Signal::label).collect(Collectors.joining(", "));

    public List<MappedAlert> map(AlertmanagerWebhook payload) {
        List<MappedAlert> mapped = new ArrayList<>(payload.alerts().size());
        for (int i = 0; i < payload.alerts().size(); i++) {
            mapped.add(map(i, payload.alerts().get(i)));
        }
        return mapped;
    }

    /** One alert on its own (e.g. read from Alertmanager's API rather than a webhook payload). */
    public MappedAlert map(AlertmanagerAlert alert) {
        return map(0, alert);
    }

    MappedAlert map(int index, AlertmanagerAlert alert) {
        boolean derived = alert.fingerprint() == null || alert.fingerprint().isBlank();
        String fingerprint = derived ? LabelSetFingerprint.of(alert.labels()) : alert.fingerprint();
        String alertName = alert.label("alertname");
        String signalLabel = alert.label(SIGNAL);
        if (signalLabel == null) {
            return new MappedAlert.Ignored(
                    index,
                    fingerprint,
                    alertName,
                    IgnoreReason.SIGNAL_MISSING,
                    "no \"signal\" label; expected one of: " + KNOWN_SIGNALS);
        }
        var signal = Signal.fromLabel(signalLabel);
        if (signal.isEmpty()) {
            return new MappedAlert.Ignored(
                    index,
                    fingerprint,
                    alertName,
                    IgnoreReason.SIGNAL_UNKNOWN,
                    "signal \"" + signalLabel + "\" is not one of: " + KNOWN_SIGNALS);
        }
        String namespace = alert.label(NAMESPACE);
        if (namespace == null) {
            return new MappedAlert.Ignored(
                    index,
                    fingerprint,
                    alertName,
                    IgnoreReason.NAMESPACE_MISSING,
                    "no \"namespace\" label: the serving workload cannot be identified");
        }
        AlertSignal fact = new AlertSignal(
                fingerprint,
                alertName,
                signal.get(),
                namespace,
                alert.label("pool"),
                alert.label("model"),
                alert.label("version"),
                alert.label("severity"),
                alert.startsAt());
        AlertChange change =
                alert.firing() ? new AlertChange.Fired(fact) : new AlertChange.Resolved(fingerprint, alert.startsAt());
        return new MappedAlert.Derived(
                index, fact, change, new DedupeKey(fingerprint, alert.startsAt(), alert.status()), derived);
    }
}
