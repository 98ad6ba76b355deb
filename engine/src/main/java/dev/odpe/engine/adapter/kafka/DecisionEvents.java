package dev.odpe.engine.adapter.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.kafka.KafkaConfig.ContentMode;
import dev.odpe.engine.decision.Decision;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.opentelemetry.api.trace.SpanContext;
import java.net.URI;
import java.time.Clock;
import java.time.ZoneOffset;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A decision as a CloudEvent {@value #TYPE} on the decisions topic: data is the decision exactly as
 * the audit API serves it, subject and Kafka key are its target (one target's decisions stay in one
 * partition, in order), and the W3C {@code traceparent} extension names the decision span.
 *
 * <p>A decision whose actuator finishes later (a rollback, first {@code IN_PROGRESS}) is published again
 * with its final outcome: same {@code data.id}, CloudEvent id {@code <decision id>:<outcome>}.
 */
final class DecisionEvents {

    static final String TYPE = "dev.odpe.decision";
    static final String TRACEPARENT = "traceparent";

    private final ObjectMapper json;
    private final URI source;
    private final ContentMode mode;
    private final Clock clock;

    DecisionEvents(ObjectMapper json, URI source, ContentMode mode, Clock clock) {
        this.json = json;
        this.source = source;
        this.mode = mode;
        this.clock = clock;
    }

    ProducerRecord<String, byte[]> record(String topic, Decision decision, SpanContext span, boolean amendment) {
        CloudEvent event = event(decision, span, amendment);
        var writer = KafkaMessageFactory.createWriter(topic, decision.target());
        return mode == ContentMode.structured
                ? writer.writeStructured(event, JsonFormat.CONTENT_TYPE)
                : writer.writeBinary(event);
    }

    CloudEvent event(Decision decision, SpanContext span, boolean amendment) {
        CloudEventBuilder event = CloudEventBuilder.v1()
                .withId(amendment ? decision.id() + ":" + decision.outcome() : decision.id())
                .withSource(source)
                .withType(TYPE)
                .withSubject(decision.target())
                .withTime((amendment ? clock.instant() : decision.time()).atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withData(json(decision));
        if (span.isValid()) {
            event.withExtension(
                    TRACEPARENT,
                    "00-" + span.getTraceId() + "-" + span.getSpanId() + "-"
                            + span.getTraceFlags().asHex());
        }
        return event.build();
    }

    private byte[] json(Decision decision) {
        try {
            return json.writeValueAsBytes(decision);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("decision " + decision.id() + " cannot be written as JSON", e);
        }
    }
}
