package dev.odpe.engine.ingest.alertmanager;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.decision.AlertProvenance;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.engine.ingest.SeenAlerts;
import dev.odpe.engine.ingest.WebhookConfig;
import dev.odpe.engine.ingest.WebhookProblems;
import dev.odpe.engine.ingest.alertmanager.IngestReports.DerivedFact;
import dev.odpe.engine.ingest.alertmanager.IngestReports.IgnoredAlert;
import dev.odpe.engine.ingest.alertmanager.IngestReports.IngestSummary;
import dev.odpe.engine.ingest.alertmanager.IngestReports.ValidationReport;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * From a validated Alertmanager payload to evaluation: map to facts, drop re-sends, hand the rest
 * to the evaluation queue as one batch. A re-send of a firing alert goes on as a refresh at most once
 * per {@code odpe.webhook.dedupe.refresh-interval}, so its fact does not expire while it fires. A 2xx answer means the batch is in the queue (or carried
 * nothing new); a full queue throws a 503 problem and leaves no trace.
 */
@ApplicationScoped
public class AlertIngestion {

    static final String SOURCE = "alertmanager";

    private final AlertmanagerAlertMapper mapper = new AlertmanagerAlertMapper();
    private final SeenAlerts seen;
    private final EvaluationQueue queue;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final WebhookConfig config;

    public AlertIngestion(
            SeenAlerts seen, EvaluationQueue queue, IngestMetrics metrics, Clock clock, WebhookConfig config) {
        this.seen = seen;
        this.queue = queue;
        this.metrics = metrics;
        this.clock = clock;
        this.config = config;
    }

    public IngestSummary ingest(AlertmanagerWebhook payload) {
        List<MappedAlert> mapped = mapper.map(payload);
        List<MappedAlert.Derived> derived = derivedOf(mapped);
        List<IgnoredAlert> ignored = ignoredOf(mapped);
        metrics.received(payload.alerts().size());
        ignored.forEach(alert -> metrics.ignored(alert.reason()));

        SeenAlerts.Admission<MappedAlert.Derived> admission = seen.admit(
                derived,
                MappedAlert.Derived::key,
                d -> d.change() instanceof AlertChange.Fired,
                (fresh, refreshes) -> handOff(payload, fresh, refreshes));
        if (admission.outcome() == SeenAlerts.Outcome.REFUSED) {
            throw WebhookProblems.evaluationUnavailable(queue.refusalReason(), config.retryAfter());
        }
        int accepted = admission.outcome() == SeenAlerts.Outcome.ACCEPTED
                ? admission.fresh().size()
                : 0;
        metrics.duplicates(admission.duplicates().size());
        describeSpan(payload, accepted, admission.duplicates().size(), ignored.size());
        Span.current()
                .setAttribute("odpe.alerts.refreshed", admission.refreshed().size());
        return new IngestSummary(
                payload.receiver(),
                payload.groupKey(),
                payload.alerts().size(),
                accepted,
                admission.duplicates().size(),
                ignored);
    }

    public ValidationReport validate(AlertmanagerWebhook payload) {
        List<MappedAlert> mapped = mapper.map(payload);
        List<DerivedFact> facts = derivedOf(mapped).stream()
                .map(d -> DerivedFact.of(d, seen.contains(d.key())))
                .toList();
        return new ValidationReport(
                payload.receiver(), payload.groupKey(), payload.alerts().size(), facts, ignoredOf(mapped));
    }

    /** Fresh changes as they are; repeats of firing alerts as refreshes, after them. */
    private boolean handOff(
            AlertmanagerWebhook payload, List<MappedAlert.Derived> fresh, List<MappedAlert.Derived> refreshes) {
        List<AlertChange> changes = new ArrayList<>(fresh.size() + refreshes.size());
        List<AlertProvenance> provenance = new ArrayList<>(fresh.size() + refreshes.size());
        fresh.forEach(d -> {
            changes.add(d.change());
            provenance.add(provenanceOf(payload, d));
        });
        refreshes.forEach(d -> {
            changes.add(new AlertChange.Refreshed(((AlertChange.Fired) d.change()).signal()));
            provenance.add(provenanceOf(payload, d));
        });
        return queue.offer(new IngestBatch(SOURCE, clock.instant(), changes, Context.current(), provenance));
    }

    /** The alert as received, for the input journal. */
    private static AlertProvenance provenanceOf(AlertmanagerWebhook payload, MappedAlert.Derived derived) {
        AlertmanagerAlert alert = payload.alerts().get(derived.index());
        return new AlertProvenance(alert.labels(), alert.annotations(), alert.endsAt());
    }

    private static void describeSpan(AlertmanagerWebhook payload, int accepted, int duplicates, int ignored) {
        Span span = Span.current();
        span.setAttribute("odpe.alerts.count", payload.alerts().size());
        span.setAttribute("odpe.alerts.accepted", accepted);
        span.setAttribute("odpe.alerts.duplicates", duplicates);
        span.setAttribute("odpe.alerts.ignored", ignored);
        if (payload.receiver() != null) {
            span.setAttribute("odpe.alertmanager.receiver", payload.receiver());
        }
        if (payload.groupKey() != null) {
            span.setAttribute("odpe.alertmanager.group_key", payload.groupKey());
        }
    }

    private static List<MappedAlert.Derived> derivedOf(List<MappedAlert> mapped) {
        List<MappedAlert.Derived> derived = new ArrayList<>();
        for (MappedAlert alert : mapped) {
            if (alert instanceof MappedAlert.Derived d) {
                derived.add(d);
            }
        }
        return derived;
    }

    private static List<IgnoredAlert> ignoredOf(List<MappedAlert> mapped) {
        List<IgnoredAlert> ignored = new ArrayList<>();
        for (MappedAlert alert : mapped) {
            if (alert instanceof MappedAlert.Ignored i) {
                ignored.add(IgnoredAlert.of(i));
            }
        }
        return ignored;
    }
}
