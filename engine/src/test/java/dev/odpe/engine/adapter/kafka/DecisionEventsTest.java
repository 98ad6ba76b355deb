package dev.odpe.engine.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.engine.adapter.kafka.KafkaConfig.ContentMode;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.rules.action.RollbackModel;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DecisionEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());
    private static final Instant DECIDED = Instant.parse("2026-11-28T05:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-28T05:03:00Z");
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    private final Decision rollback = new Decision(
            "d-1",
            DECIDED,
            "drift-with-latency-rolls-back-model-version",
            "sha256:abc",
            Decision.Intent.EMITTED,
            List.of("drift:ml-serving/bert/8/psi"),
            new RollbackModel("ml-serving", "bert", "8", "drift+latency"),
            "model:ml-serving/bert",
            "key-1",
            false,
            Outcome.IN_PROGRESS,
            "queued",
            TRACE);

    @Test
    void aDecisionInBinaryModeCarriesItsAttributesInCeHeadersAndIsKeyedByTarget() {
        // When a decision is written in binary mode
        ProducerRecord<String, byte[]> record = events(ContentMode.binary)
                .record(
                        "odpe.decisions",
                        rollback,
                        SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault()),
                        false);

        // Then the key is the target and the ce_* headers say what it is, with the decision span as traceparent
        assertThat(record.key()).isEqualTo("model:ml-serving/bert");
        assertThat(header(record, "ce_type")).isEqualTo("dev.odpe.decision");
        assertThat(header(record, "ce_id")).isEqualTo("d-1");
        assertThat(header(record, "ce_source")).isEqualTo("urn:odpe:engine");
        assertThat(header(record, "ce_subject")).isEqualTo("model:ml-serving/bert");
        assertThat(header(record, "ce_time")).startsWith("2026-11-28T05:00");
        assertThat(header(record, "ce_traceparent")).isEqualTo("00-" + TRACE + "-" + SPAN + "-01");
        assertThat(json(record.value()).path("action").path("type").asText()).isEqualTo("RollbackModel");
    }

    @Test
    void anAmendmentHasItsOwnEventIdAndTimeButTheSameDecisionId() {
        // When the rollback's final outcome is written as an amendment (no span)
        ProducerRecord<String, byte[]> record = events(ContentMode.binary)
                .record(
                        "odpe.decisions",
                        rollback.withOutcome(Outcome.EXECUTED, "synced"),
                        SpanContext.getInvalid(),
                        true);

        // Then the CloudEvent id names the outcome, its time is when the outcome was known, data keeps the id
        assertThat(header(record, "ce_id")).isEqualTo("d-1:EXECUTED");
        assertThat(header(record, "ce_time")).startsWith("2026-11-28T05:03");
        assertThat(header(record, "ce_traceparent")).isNull();
        assertThat(json(record.value()).path("id").asText()).isEqualTo("d-1");
        assertThat(json(record.value()).path("outcome").asText()).isEqualTo("EXECUTED");
    }

    @Test
    void structuredModeWritesTheWholeCloudEventAsTheValue() {
        // When a decision is written in structured mode
        ProducerRecord<String, byte[]> record =
                events(ContentMode.structured).record("odpe.decisions", rollback, SpanContext.getInvalid(), false);

        // Then the value is a CloudEvents JSON envelope whose data is the decision
        assertThat(header(record, "content-type")).startsWith("application/cloudevents+json");
        JsonNode envelope = json(record.value());
        assertThat(envelope.path("type").asText()).isEqualTo("dev.odpe.decision");
        assertThat(envelope.path("data").path("target").asText()).isEqualTo("model:ml-serving/bert");
    }

    private static DecisionEvents events(ContentMode mode) {
        return new DecisionEvents(JSON, URI.create("urn:odpe:engine"), mode, Clock.fixed(LATER, ZoneOffset.UTC));
    }

    private static String header(ProducerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
