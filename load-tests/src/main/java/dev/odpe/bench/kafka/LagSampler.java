package dev.odpe.bench.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Samples the engine group's committed lag on the drift-events topic every {@code periodMillis} with the
 * AdminClient (end offsets vs the group's committed offsets), on a daemon thread, and keeps the
 * maximum and the latest sample. The admin calls go to the broker, not the engine: nothing is added to
 * the engine's load.
 */
public final class LagSampler implements AutoCloseable {

    private final Admin admin;
    private final String group;
    private final Map<TopicPartition, OffsetSpec> latest;
    private final long periodMillis;
    private final AtomicLong max = new AtomicLong();
    private final AtomicLong last = new AtomicLong(-1);
    private final Thread thread;
    private volatile boolean running = true;

    public LagSampler(Admin admin, String group, String topic, int partitions, long periodMillis) {
        this.admin = admin;
        this.group = group;
        this.periodMillis = periodMillis;
        this.latest = IntStream.range(0, partitions)
                .boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        thread = new Thread(this::run, "lag-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    /** Samples once now (also between periodic samples), returning the lag. */
    public long sample() throws Exception {
        Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, Long> committed = offsets.entrySet().stream()
                .filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        long lag = ConsumerLag.total(ends, committed);
        max.accumulateAndGet(lag, Math::max);
        last.set(lag);
        return lag;
    }

    public long max() {
        return max.get();
    }

    /** Forgets the maximum so far (after warm-up). */
    public void resetMax() {
        max.set(Math.max(0, last.get()));
    }

    private void run() {
        while (running) {
            try {
                sample();
                Thread.sleep(periodMillis);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a sample the broker did not answer in time is skipped, not fatal to the run
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
        admin.close();
    }
}
