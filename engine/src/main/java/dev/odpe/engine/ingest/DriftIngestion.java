package dev.odpe.engine.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.config.EventsConfig;
import dev.odpe.engine.config.WebhookConfig;
import dev.odpe.engine.drift.DriftEvent;
import dev.odpe.engine.drift.DriftFacts;
import dev.odpe.engine.evaluate.AlertChange;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.IngestBatch;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift events to evaluation: CloudEvent → drift event (by payload shape) → fact change; a redelivery
 * of the same CloudEvent (source, id) is counted and not evaluated again; a full queue is a 503 and
 * leaves no trace (the event is not remembered, so its retry is evaluated).
 */
@ApplicationScoped
public class DriftIngestion {

    static final String SOURCE = "events";

    /** 202 body: what became of the event. */
    public record EventSummary(String id, String source, String type, String fact, boolean drifted, boolean accepted,
                               boolean duplicate) {
    }

    private final DriftEventReader reader;
    private final SeenAlerts seen;
    private final EvaluationQueue queue;
    private final Clock clock;
    private final WebhookConfig webhook;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public DriftIngestion(ObjectMapper json, EventsConfig config, EvaluationQueue queue, Clock clock,
                          WebhookConfig webhook, MeterRegistry meters) {
        this.reader = new DriftEventReader(json, config.defaultNamespace(), clock);
        this.seen = new SeenAlerts(config.dedupe().maxEntries(), config.dedupe().ttl(), clock);
        this.queue = queue;
        this.clock = clock;
        this.webhook = webhook;
        this.meters = meters;
    }

    public EventSummary ingest(Map<String, String> headers, byte[] body) {
        CloudEvent event;
        DriftEvent drift;
        try {
            event = reader.cloudEvent(headers, body);
            drift = reader.drift(event);
        } catch (RuntimeException e) {
            count("invalid");
            throw e;
        }
        AlertChange change = DriftFacts.change(drift);
        DedupeKey key = new DedupeKey(drift.eventId(), drift.time(), "drift");
        SeenAlerts.Admission<AlertChange> admission = seen.admit(List.of(change), c -> key,
                fresh -> queue.offer(new IngestBatch(SOURCE, clock.instant(), fresh, Context.current())));
        if (admission.outcome() == SeenAlerts.Outcome.REFUSED) {
            count("refused");
            throw WebhookProblems.evaluationUnavailable(queue.refusalReason(), webhook.retryAfter());
        }
        boolean accepted = admission.outcome() == SeenAlerts.Outcome.ACCEPTED;
        count(accepted ? "accepted" : "duplicate");
        Span.current().setAttribute("odpe.event.id", event.getId());
        Span.current().setAttribute("odpe.event.type", event.getType());
        return new EventSummary(event.getId(), event.getSource().toString(), event.getType(), change.fingerprint(),
                drift.drifted(), accepted, !accepted);
    }

    private void count(String outcome) {
        counters.computeIfAbsent(outcome, o -> Counter.builder("odpe.events.received")
                .description("Drift CloudEvents received, by outcome (accepted, duplicate, invalid, refused)")
                .tag("outcome", o).register(meters)).increment();
    }
}
