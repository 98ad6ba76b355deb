package dev.odpe.engine.adapter.kafka;

import dev.odpe.engine.ingest.drift.RejectedEvent;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/** A drift record's two ways out of {@link KafkaDriftEvents}: read as a CloudEvent, or set aside as a dead letter. */
final class KafkaRecords {

    private KafkaRecords() {
    }

    /** With the CloudEvents SDK's Kafka binding: binary ({@code ce_*} headers) or structured. */
    static CloudEvent cloudEvent(Message<byte[]> record) {
        Headers headers = headers(record);
        byte[] value = record.getPayload();
        if (value == null) {
            throw new RejectedEvent(RejectedEvent.Reason.NOT_A_CLOUDEVENT, "the record has no value (a tombstone)");
        }
        try {
            return KafkaMessageFactory.createReader(headers, value).toEvent();
        } catch (CloudEventRWException | IllegalStateException e) {
            throw new RejectedEvent(RejectedEvent.Reason.NOT_A_CLOUDEVENT, "not a valid CloudEvent (Kafka binding, "
                    + "binary with ce_* headers or structured application/cloudevents+json): " + e.getMessage());
        }
    }

    /** The record's timestamp, or null when it has none (Kafka answers -1). */
    static java.time.Instant timestamp(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getTimestamp)
                .filter(t -> t.toEpochMilli() >= 0).orElse(null);
    }

    static Headers headers(Message<byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(IncomingKafkaRecordMetadata::getHeaders).orElseGet(RecordHeaders::new);
    }

    static CompletionStage<Void> nackToDeadLetters(Message<byte[]> record, String reason, Throwable cause) {
        Headers extra = new RecordHeaders().add(KafkaDriftEvents.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        return record.nack(cause, Metadata.of(OutgoingKafkaRecordMetadata.builder().withHeaders(extra).build()));
    }

}
