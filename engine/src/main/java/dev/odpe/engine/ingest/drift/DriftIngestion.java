package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.evaluate.BatchCallback;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.engine.http.Problem;
import dev.odpe.engine.http.ProblemException;
import dev.odpe.engine.ingest.DedupeKey;
import dev.odpe.engine.ingest.SeenAlerts;
import dev.odpe.engine.ingest.WebhookConfig;
import dev.odpe.engine.ingest.WebhookProblems;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drift events to evaluation, whichever way they came (HTTP or Kafka): CloudEvent → drift event (by
 * payload shape) → fact change. A redelivery of the same CloudEvent (source, id) is counted and not
 * evaluated again, whatever its time. An event without {@code time} takes its data's {@code time},
 * else the Kafka record's timestamp (so a replay rebuilds the same fact), else the receive time; a full queue refuses and leaves no trace (the event is not remembered, so its retry
 * is evaluated).
 */
@ApplicationScoped
public class DriftIngestion {

    static final String SOURCE = "events";
    private static final URI INVALID_EVENT = URI.create("urn:odpe:problem:events:invalid-event");

    /** What became of one event: the 202 body over HTTP, the ack decision over Kafka. */
    public record EventSummary(
            String id, String source, String type, String fact, boolean drifted, boolean accepted, boolean duplicate) {}

    /** The outcome of offering one event to evaluation. */
    public sealed interface Admission {

        /** Queued for evaluation; the callback will be told when it is done. */
        record Accepted(EventSummary summary) implements Admission {}

        /** Seen before (same source and id): not evaluated again. */
        record Duplicate(EventSummary summary) implements Admission {}

        /** Evaluation cannot take it now (queue full, or not running); nothing was remembered. */
        record Refused(String reason) implements Admission {}

        /** Can never be evaluated. */
        record Rejected(RejectedEvent error) implements Admission {}
    }

    private final ObjectMapper json;
    private final DriftEventReader reader;
    private final SeenAlerts seen;
    private final EvaluationQueue queue;
    private final Clock clock;
    private final WebhookConfig webhook;
    private final MeterRegistry meters;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    public DriftIngestion(
            ObjectMapper json,
            EventsConfig config,
            EvaluationQueue queue,
            Clock clock,
            WebhookConfig webhook,
            MeterRegistry meters) {
        this.json = json;
        this.reader = new DriftEventReader(json, config.defaultNamespace(), clock);
        this.seen = new SeenAlerts(config.dedupe().maxEntries(), config.dedupe().ttl(), clock);
        this.queue = queue;
        this.clock = clock;
        this.webhook = webhook;
        this.meters = meters;
    }

    /** HTTP: one CloudEvent in the HTTP binding. A rejection is a 400 problem, a refusal a 503. */
    public EventSummary ingest(Map<String, String> headers, byte[] body) {
        Admission admission;
        try {
            CloudEvent event = reader.cloudEvent(headers, body);
            admission = admit(
                    event,
                    EventTrace.parentOf(event, Context.current(), headers.containsKey("traceparent")),
                    BatchCallback.NONE);
        } catch (RejectedEvent e) {
            count("invalid");
            admission = new Admission.Rejected(e);
        }
        if (admission instanceof Admission.Accepted accepted) {
            return accepted.summary();
        }
        if (admission instanceof Admission.Duplicate duplicate) {
            return duplicate.summary();
        }
        if (admission instanceof Admission.Refused refused) {
            throw WebhookProblems.evaluationUnavailable(refused.reason(), webhook.retryAfter());
        }
        RejectedEvent error = ((Admission.Rejected) admission).error();
        throw new ProblemException(
                Problem.of(
                        INVALID_EVENT, "Invalid drift event: " + error.reason().title(), 400, error.detail()),
                Map.of());
    }

    /**
     * Offers one CloudEvent to evaluation. Never throws for a bad event: a rejection is returned.
     *
     * @param trace    the context of the span that received it (decision spans become its children)
     * @param callback told when an accepted event has been evaluated and its decisions published
     */
    public Admission admit(CloudEvent event, Context trace, BatchCallback callback) {
        return admit(event, null, trace, callback, false);
    }

    /**
     * Offers one CloudEvent read from a Kafka record to evaluation.
     *
     * @param recordTime the record's timestamp (null if it has none): the event's time when it has no
     *                   {@code time} and its data no {@code time} either, so a replay gives the same fact
     */
    public Admission admit(CloudEvent event, Instant recordTime, Context trace, BatchCallback callback) {
        return admit(event, recordTime, trace, callback, false);
    }

    /**
     * Offers an event a previous run of the engine already evaluated (replayed from Kafka at start-up):
     * its fact is rebuilt and its (source, id) remembered, but nothing it leads to is decided again.
     */
    public Admission replay(CloudEvent event, Instant recordTime) {
        return admit(event, recordTime, Context.root(), BatchCallback.NONE, true);
    }

    private Admission admit(
            CloudEvent event, Instant recordTime, Context trace, BatchCallback callback, boolean replay) {
        DriftEvent drift;
        try {
            drift = reader.drift(withTime(event, recordTime));
        } catch (RejectedEvent e) {
            count("invalid");
            return new Admission.Rejected(e);
        }
        AlertChange change = DriftFacts.change(drift);
        // (source, id) only: the time may be the receive time, which differs between redeliveries
        DedupeKey key = new DedupeKey(drift.eventId(), null, "drift");
        SeenAlerts.Admission<AlertChange> seenBefore = seen.admit(
                List.of(change),
                c -> key,
                fresh -> queue.offer(new IngestBatch(SOURCE, clock.instant(), fresh, trace, callback, replay)));
        if (seenBefore.outcome() == SeenAlerts.Outcome.REFUSED) {
            count("refused");
            return new Admission.Refused(queue.refusalReason());
        }
        boolean accepted = seenBefore.outcome() == SeenAlerts.Outcome.ACCEPTED;
        count(replay ? "replayed" : accepted ? "accepted" : "duplicate");
        Span.current().setAttribute("odpe.event.id", event.getId());
        Span.current().setAttribute("odpe.event.type", event.getType());
        EventSummary summary = new EventSummary(
                event.getId(),
                event.getSource().toString(),
                event.getType(),
                change.fingerprint(),
                drift.drifted(),
                accepted,
                !accepted);
        return accepted ? new Admission.Accepted(summary) : new Admission.Duplicate(summary);
    }

    /**
     * The event with a {@code time}: its own; else its data's {@code time}; else the Kafka record's
     * timestamp; else now (received). Data that is not a JSON object is left for the reader to reject.
     */
    private CloudEvent withTime(CloudEvent event, Instant recordTime) {
        if (event.getTime() != null) {
            return event;
        }
        Instant time = dataTime(event).orElse(recordTime != null ? recordTime : clock.instant());
        return CloudEventBuilder.from(event)
                .withTime(time.atOffset(ZoneOffset.UTC))
                .build();
    }

    private Optional<Instant> dataTime(CloudEvent event) {
        if (event.getData() == null) {
            return Optional.empty();
        }
        try {
            JsonNode time = json.readTree(event.getData().toBytes()).path("time");
            return time.isTextual() ? Optional.of(Instant.parse(time.asText())) : Optional.empty();
        } catch (IOException | DateTimeParseException unreadable) {
            return Optional.empty(); // the shape reports bad data, naming the field
        }
    }

    private void count(String outcome) {
        counters.computeIfAbsent(
                        outcome,
                        o -> Counter.builder("odpe.events.received")
                                .description(
                                        "Drift CloudEvents received, by outcome (accepted, duplicate, invalid, refused, replayed)")
                                .tag("outcome", o)
                                .register(meters))
                .increment();
    }
}
