package dev.odpe.bench.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes drift events to the drift-events topic as a detector would (plain producer, structured
 * CloudEvents, key = model), either on an open-loop schedule or as fast as it can (preload).
 */
public final class DriftProducer implements AutoCloseable {

    /** What one call sent: events handed to the producer, send rate, and how late the sender ran at worst. */
    public record Sent(long events, double perSecond, double maxSendDelayMillis) {}

    private static final byte[] STRUCTURED = "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String run;

    public DriftProducer(String bootstrapServers, String topic, String run) {
        this.topic = topic;
        this.run = run;
        // Idempotent acks=all (the client default): what a careful detector would use. linger.ms=5 batches a
        // few ms of events together, which any producer at thousands of events/s does.
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.LINGER_MS_CONFIG,
                5,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class.getName()));
    }

    /** Events {@code firstSeq ...} at the schedule's rate; returns after the last is acknowledged. */
    public Sent open(RateSchedule schedule, long firstSeq, DecisionLedger ledger) {
        long count = schedule.count();
        Instant startWall = Instant.now();
        long start = System.nanoTime();
        long maxDelay = 0;
        for (long i = 0; i < count; i++) {
            long offset = schedule.dueOffsetNanos(i);
            long wait;
            while ((wait = start + offset - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            maxDelay = Math.max(maxDelay, -wait);
            send(firstSeq + i, startWall.plusNanos(offset), ledger);
        }
        long sendEnd = System.nanoTime();
        producer.flush();
        return new Sent(count, count / ((sendEnd - start) / 1e9), maxDelay / 1e6);
    }

    /** {@code count} events as fast as the producer takes them, each stamped with its send time. */
    public Sent preload(long firstSeq, int count, DecisionLedger ledger) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            send(firstSeq + i, Instant.now(), ledger);
        }
        producer.flush();
        return new Sent(count, count / ((System.nanoTime() - start) / 1e9), 0);
    }

    private void send(long seq, Instant due, DecisionLedger ledger) {
        ledger.sent(seq, due.toEpochMilli());
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", STRUCTURED);
        byte[] value = DriftEventJson.event(run, seq, due).getBytes(StandardCharsets.UTF_8);
        producer.send(
                new ProducerRecord<>(topic, null, DriftEventJson.model(seq), value, headers), (metadata, error) -> {
                    if (error != null) {
                        ledger.failed(seq);
                    }
                });
    }

    @Override
    public void close() {
        producer.close();
    }
}
