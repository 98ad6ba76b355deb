package dev.odpe.engine.ingest.alertmanager;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.rules.fact.AlertSignal;
import java.time.Instant;
import java.util.List;

/** Response bodies of the Alertmanager webhook endpoints. */
public final class IngestReports {

    private IngestReports() {}

    /**
     * 202 body of {@code POST /api/v1/alerts/alertmanager}.
     *
     * @param received   alerts in the payload
     * @param accepted   alerts handed to evaluation
     * @param duplicates alerts already handed to evaluation earlier (or twice in this payload)
     * @param ignored    alerts that produced no fact, with the reason
     */
    public record IngestSummary(
            String receiver, String groupKey, int received, int accepted, int duplicates, List<IgnoredAlert> ignored) {}

    /** 200 body of {@code POST /api/v1/alerts/alertmanager/validate}: what ingest would derive. */
    public record ValidationReport(
            String receiver, String groupKey, int received, List<DerivedFact> facts, List<IgnoredAlert> ignored) {}

    public record IgnoredAlert(int index, String fingerprint, String alertName, IgnoreReason reason, String detail) {

        static IgnoredAlert of(MappedAlert.Ignored ignored) {
            return new IgnoredAlert(
                    ignored.index(), ignored.fingerprint(), ignored.alertName(), ignored.reason(), ignored.detail());
        }
    }

    /**
     * @param change    {@code fired} or {@code resolved}
     * @param duplicate whether ingest would count it as a duplicate right now
     */
    public record DerivedFact(
            int index,
            String change,
            String fingerprint,
            boolean fingerprintDerived,
            String alertName,
            String signal,
            String namespace,
            String pool,
            String model,
            String version,
            String severity,
            Instant startsAt,
            boolean duplicate) {

        static DerivedFact of(MappedAlert.Derived derived, boolean duplicate) {
            AlertSignal s = derived.signal();
            String change = derived.change() instanceof AlertChange.Fired ? "fired" : "resolved";
            return new DerivedFact(
                    derived.index(),
                    change,
                    s.fingerprint(),
                    derived.fingerprintDerived(),
                    s.alertName(),
                    s.signal().label(),
                    s.namespace(),
                    s.pool(),
                    s.model(),
                    s.version(),
                    s.severity(),
                    s.startsAt(),
                    duplicate);
        }
    }
}
