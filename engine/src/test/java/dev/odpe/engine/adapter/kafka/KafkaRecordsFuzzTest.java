package dev.odpe.engine.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.odpe.engine.ingest.drift.DriftEventReaderFuzzTest;
import dev.odpe.engine.ingest.drift.RejectedEvent;
import io.cloudevents.CloudEvent;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * Fuzzes the Kafka binding of drift records: headers ({@code ce_*}, {@code content-type}) + value →
 * CloudEvent, or a {@link RejectedEvent} (which sends the record to the dead-letter topic); nothing else
 * may escape. The CloudEvent → drift event step is the HTTP fuzz test's ({@code DriftEventReaderFuzzTest}).
 * Input layout as there: header lines, an empty line, the value. Seeds from examples/drift-*.
 */
class KafkaRecordsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void aRecordIsACloudEventOrARejection(byte[] input) {
        DriftEventReaderFuzzTest.Message parsed = DriftEventReaderFuzzTest.Message.of(input);
        RecordHeaders headers = new RecordHeaders();
        parsed.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(
                "odpe.drift-events",
                0,
                0L,
                ConsumerRecord.NO_TIMESTAMP,
                TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE,
                ConsumerRecord.NULL_SIZE,
                "key",
                parsed.body(),
                headers,
                Optional.empty());
        Message<byte[]> message =
                Message.of(parsed.body(), Metadata.of(new IncomingKafkaRecordMetadata<>(record, "drift-events")));
        try {
            CloudEvent event = KafkaRecords.cloudEvent(message);
            assertThat(event.getId()).isNotNull();
        } catch (RejectedEvent rejected) {
            assertThat(rejected.detail()).isNotBlank();
        }
    }
}
