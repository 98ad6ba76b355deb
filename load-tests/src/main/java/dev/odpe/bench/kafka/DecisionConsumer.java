package dev.odpe.bench.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the decisions topic from its beginning on a daemon thread, as a downstream system would, and
 * hands each decision (not its later amendments) to the ledger owning its event. Partitions are assigned,
 * not subscribed: no group, no rebalance delay at start.
 */
public final class DecisionConsumer implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<DecisionLedger> ledgers = new CopyOnWriteArrayList<>();
    private final AtomicLong others = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public DecisionConsumer(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName()));
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::read, "decisions-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    public void track(DecisionLedger ledger) {
        ledgers.add(ledger);
    }

    /** Decision records that named no tracked event (another target, or a type other than a decision). */
    public long others() {
        return others.get();
    }

    private void read() {
        while (running) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                String type = header(record, "ce_type");
                String id = header(record, "ce_id");
                if (!"dev.odpe.decision".equals(type) || id == null || id.contains(":")) {
                    continue; // an amendment (<id>:<OUTCOME>) repeats a decision already counted
                }
                OptionalLong seq = DriftEventJson.seqOfDecisionKey(record.key());
                if (seq.isEmpty() || ledgers.stream().noneMatch(l -> l.decided(seq.getAsLong(), record.timestamp()))) {
                    others.incrementAndGet();
                }
            }
        }
        consumer.close();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
