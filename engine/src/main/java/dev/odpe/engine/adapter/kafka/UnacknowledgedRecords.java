package dev.odpe.engine.adapter.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Drift records handed to evaluation and not yet settled (acknowledged, dead-lettered, or given up as
 * unpublished). Reading waits at {@code limit}: without it a slow decisions topic would let records pile
 * up behind the evaluation queue, every one of them waiting on Kafka, until decisions start failing
 * ({@code odpe.kafka.decisions.max-in-flight}) and the committed offset stalls. With it, the consumer just
 * slows to the pace the decisions topic can take, and a crash redelivers at most {@code limit} records.
 *
 * <p>Records are read one at a time (the stream is concatenated), so at most one reader waits.
 */
final class UnacknowledgedRecords {

    private static final CompletableFuture<Void> NOW = CompletableFuture.completedFuture(null);

    private final int limit;
    private int count; // guarded by this
    private CompletableFuture<Void> room = NOW; // guarded by this; completed whenever a record settles

    UnacknowledgedRecords(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
    }

    /** Completes once this record may be handed to evaluation (at once below the limit). */
    CompletionStage<Void> acquire() {
        synchronized (this) {
            if (count < limit) {
                count++;
                return NOW;
            }
            if (room.isDone()) {
                room = new CompletableFuture<>();
            }
            return room.thenCompose(ignored -> acquire());
        }
    }

    /** The record settled (or was never handed over): one more may be read. */
    void release() {
        CompletableFuture<Void> waiting;
        synchronized (this) {
            if (count == 0) {
                throw new IllegalStateException("release() without acquire()");
            }
            count--;
            waiting = room;
            if (count == 0) {
                notifyAll(); // awaitNone()
            }
        }
        waiting.complete(null); // outside the lock: the waiter's acquire() runs here
    }

    /** Waits until every record has settled, or {@code timeout} passed; true when none is left. */
    synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    synchronized int count() {
        return count;
    }

    /** True when the next {@link #acquire()} would wait. */
    synchronized boolean isFull() {
        return count >= limit;
    }
}
