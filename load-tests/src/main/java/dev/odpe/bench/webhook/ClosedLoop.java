package dev.odpe.bench.webhook;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maximum throughput: {@code connections} clients each post the next distinct group as soon as the
 * previous answer arrives, for {@code duration}. The caller decides when the work is done (last
 * answer for the parse-only endpoint, last decision recorded for ingest).
 */
public final class ClosedLoop {

    /** What was sent: accepted fingerprints, and the first send / last answer times. */
    public record Sent(List<String> accepted, long refused, Instant firstSend, Instant lastAnswer) {
        public long alerts() {
            return accepted.size();
        }
    }

    private final Poster poster;
    private final AlertGroups groups;
    private final AtomicLong sequence;

    public ClosedLoop(Poster poster, AlertGroups groups, AtomicLong sequence) {
        this.poster = poster;
        this.groups = groups;
        this.sequence = sequence;
    }

    public Sent run(URI endpoint, int connections, Duration duration) throws InterruptedException {
        Queue<String> accepted = new ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        AtomicLong lastAnswer = new AtomicLong();
        Instant first = Instant.now();
        long deadline = System.nanoTime() + duration.toNanos();
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Thread client = new Thread(
                    () -> {
                        while (System.nanoTime() < deadline) {
                            AlertGroups.Group group = groups.group(sequence.getAndIncrement());
                            try {
                                int status = poster.post(endpoint, group.body());
                                if (status / 100 == 2) {
                                    accepted.addAll(group.fingerprints());
                                } else {
                                    refused.addAndGet(group.fingerprints().size());
                                }
                            } catch (Exception e) {
                                refused.addAndGet(group.fingerprints().size());
                            }
                            lastAnswer.accumulateAndGet(nowMicros(), Math::max);
                        }
                    },
                    "closed-loop-" + c);
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join();
        }
        Instant last = Instant.EPOCH.plus(Duration.ofNanos(lastAnswer.get() * 1_000));
        return new Sent(List.copyOf(accepted), refused.get(), first, last);
    }

    private static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
    }
}
