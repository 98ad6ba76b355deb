package dev.odpe.engine.adapter.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A plain Kafka consumer that reads a whole topic from the beginning, as another system would. */
final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    TopicReader(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG,
                "test-reader-" + System.nanoTime(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(topic));
    }

    /** Reads until a record matches or the time is up; every record read so far stays in {@link #seen()}. */
    ConsumerRecord<String, byte[]> await(
            Predicate<ConsumerRecord<String, byte[]>> match, Duration within, String what) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (ConsumerRecord<String, byte[]> record : seen) {
                if (match.test(record)) {
                    return record;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "no record " + what + " within " + within + "; read " + seen.size() + " records: "
                                + seen.stream().map(TopicReader::describe).toList());
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /** Everything read after polling for {@code quiet}. */
    List<ConsumerRecord<String, byte[]>> drain(Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return List.copyOf(seen);
    }

    List<ConsumerRecord<String, byte[]>> seen() {
        return List.copyOf(seen);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String value(ConsumerRecord<String, byte[]> record) {
        return record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
    }

    private static String describe(ConsumerRecord<String, byte[]> record) {
        return record.key() + "=" + value(record);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
