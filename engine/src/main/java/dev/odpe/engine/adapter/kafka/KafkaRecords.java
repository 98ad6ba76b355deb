package dev.odpe.engine.adapter.kafka;

import dev.odpe.engine.ingest.drift.RejectedEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** A drift record's two ways out of {@link KafkaDriftEvents}: read as a CloudEvent, or set aside as a dead letter. */
final class KafkaRecords {

    private KafkaRecords() {}

    /** With the CloudEvents SDK's Kafka binding: binary ({@code ce_*} headers) or structured. */
    static CloudEvent cloudEvent(Message<byte[]> record) {
        Headers headers = headers(record);
        byte[] value = record.getPayload();
        if (value == null) {
            throw new RejectedEvent(RejectedEvent.Reason.NOT_A_CLOUDEVENT, "the record has no value (a tombstone)");
        }
        try {
            return KafkaMessageFactory.createReader(headers, value).toEvent();
        } catch (RuntimeException e) {
            // As over HTTP: the structured reader throws Jackson's exceptions, and an NPE for a JSON null value.
            throw RejectedEvent.notACloudEvent(
                    "Kafka binding, binary with ce_* headers or structured " + "application/cloudevents+json",
                    e,
                    attributeHeaders(headers));
        }
    }

    /** The record's timestamp, or null when it has none (Kafka answers -1). */
    static Instant timestamp(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTimestamp)
                .filter(t -> t.toEpochMilli() >= 0)
                .orElse(null);
    }

    /** The binary-mode attribute headers ({@code ce_*}) as text, to name the one the SDK could not read. */
    private static Map<String, String> attributeHeaders(Headers headers) {
        Map<String, String> attributes = new HashMap<>();
        for (Header header : headers) {
            if (header.key().startsWith("ce_") && header.value() != null) {
                attributes.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return attributes;
    }

    static Headers headers(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders)
                .orElseGet(RecordHeaders::new);
    }

    static CompletionStage<Void> nackToDeadLetters(Message<byte[]> record, String reason, Throwable cause) {
        Headers extra =
                new RecordHeaders().add(KafkaDriftEvents.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return record.nack(
                cause,
                Metadata.of(
                        OutgoingKafkaRecordMetadata.builder().withHeaders(extra).build()));
    }
}
