package dev.odpe.engine.adapter.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a bounded stretch of a topic at start-up: every partition from the first record at or after
 * {@code since} up to (not including) a stop offset per partition. Partitions are assigned, not
 * subscribed: no group is joined and nothing is committed. Used to restore state that lives in Kafka.
 */
final class TopicWindow {

    private static final Duration POLL = Duration.ofMillis(200);

    /** Where to stop in each partition, given the consumer (e.g. end offsets, or the group's commits). */
    interface StopOffsets extends Function<KafkaConsumer<String, byte[]>, Map<TopicPartition, Long>> {}

    private final Map<String, Object> kafka;
    private final String clientId;
    private final Duration timeout;

    /**
     * @param kafka    the common client properties ({@code kafka.*} configuration)
     * @param groupId  set only to read a group's committed offsets; the group is never joined
     */
    TopicWindow(Map<String, Object> kafka, String clientId, String groupId, Duration timeout) {
        this.kafka = new HashMap<>(kafka);
        this.kafka.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        this.kafka.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.kafka.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        this.kafka.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        if (groupId == null) {
            this.kafka.remove(ConsumerConfig.GROUP_ID_CONFIG);
        } else {
            this.kafka.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        this.clientId = clientId;
        this.timeout = timeout;
    }

    /** Hands each record in the window to {@code each}, in partition order; returns how many. */
    int read(String topic, Instant since, StopOffsets stopAt, Consumer<ConsumerRecord<String, byte[]>> each) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> stop = stopAt.apply(consumer);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since.toEpochMilli()));
            consumer.offsetsForTimes(times, timeout)
                    .forEach((partition, found) -> consumer.seek(
                            partition,
                            found == null
                                    ? stop.getOrDefault(partition, 0L)
                                    : Math.min(found.offset(), stop.getOrDefault(partition, 0L))));
            int count = 0;
            while (!reached(consumer, stop)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(clientId + ": reading " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < stop.getOrDefault(partition, 0L)) {
                        each.accept(record);
                        count++;
                    }
                }
                pauseFinished(consumer, stop);
            }
            return count;
        }
    }

    /** End offsets: everything in the topic now. */
    static StopOffsets endOffsets(Duration timeout) {
        return consumer -> consumer.endOffsets(consumer.assignment(), timeout);
    }

    /** The group's committed offsets: what a previous run already processed (0 where it committed nothing). */
    static StopOffsets committed(Duration timeout) {
        return consumer -> {
            Map<TopicPartition, Long> stop = new HashMap<>();
            Set<TopicPartition> partitions = consumer.assignment();
            consumer.committed(partitions, timeout).forEach((p, at) -> stop.put(p, at == null ? 0L : at.offset()));
            return stop;
        };
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> stop) {
        for (TopicPartition partition : consumer.assignment()) {
            if (consumer.position(partition) < stop.getOrDefault(partition, 0L)) {
                return false;
            }
        }
        return true;
    }

    private static void pauseFinished(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> stop) {
        for (TopicPartition partition : consumer.assignment()) {
            if (consumer.position(partition) >= stop.getOrDefault(partition, 0L)) {
                consumer.pause(List.of(partition));
            }
        }
    }
}
