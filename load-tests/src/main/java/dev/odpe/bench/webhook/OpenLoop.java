package dev.odpe.bench.webhook;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * A fixed arrival rate, as Alertmanagers send regardless of how fast the engine answers. Each group
 * is due at {@code start + i × interval}; latency is measured from that due time, not from when the
 * request actually left, so a stalled client or engine cannot hide its own delay (no coordinated
 * omission).
 */
public final class OpenLoop {

    /**
     * Due time of every accepted alert, by fingerprint; refused and failed alert counts; and due time →
     * answer received, in microseconds per group (the whole story for the parse-only endpoint).
     */
    public record Sent(
            Map<String, Instant> dueByFingerprint, long refused, long failed, long groups, Histogram answeredMicros) {}

    private final Poster poster;
    private final AlertGroups groups;
    private final AtomicLong sequence;

    public OpenLoop(Poster poster, AlertGroups groups, AtomicLong sequence) {
        this.poster = poster;
        this.groups = groups;
        this.sequence = sequence;
    }

    public Sent run(URI endpoint, double alertsPerSecond, Duration duration) {
        long intervalNanos = Math.round(1e9 * groups.alertsPerGroup() / alertsPerSecond);
        long count = duration.toNanos() / intervalNanos;
        Map<String, Instant> due = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Histogram answered = new Histogram(3_600_000_000L, 3);
        List<AlertGroups.Group> prepared = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            prepared.add(groups.group(sequence.getAndIncrement())); // JSON built before the clock starts
        }
        Instant startWall = Instant.now();
        long startNanos = System.nanoTime();
        List<CompletableFuture<?>> inFlight = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long dueNanos = startNanos + i * intervalNanos;
            long wait;
            while ((wait = dueNanos - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            AlertGroups.Group group = prepared.get(i);
            Instant dueAt = startWall.plusNanos(i * intervalNanos);
            group.fingerprints().forEach(f -> due.put(f, dueAt));
            inFlight.add(poster.postAsync(endpoint, group.body()).handle((status, error) -> {
                synchronized (answered) {
                    answered.recordValue(Math.max(0, (System.nanoTime() - dueNanos) / 1_000));
                }
                if (error != null) {
                    failed.addAndGet(group.fingerprints().size());
                    group.fingerprints().forEach(due::remove);
                } else if (status / 100 != 2) {
                    refused.addAndGet(group.fingerprints().size());
                    group.fingerprints().forEach(due::remove);
                }
                return null;
            }));
        }
        inFlight.forEach(CompletableFuture::join);
        return new Sent(Map.copyOf(due), refused.get(), failed.get(), count, answered);
    }
}
