package dev.odpe.engine.evaluate;

import dev.odpe.engine.decision.AlertChange;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * {@link EvaluationQueue} backed by a fixed-capacity array queue; the evaluation thread drains it.
 *
 * <p>Also the admission check on working memory ({@code odpe.evaluation.max-alerts}), done here because
 * every source (webhook, drift events over HTTP or Kafka) offers through it, on its own thread: the
 * firing alerts in the session (published by the evaluation thread after each batch) plus the growth
 * of the batches waiting, plus this batch's growth (new firings minus resolves), must stay within the
 * bound. A batch that does not grow memory (resolves only, or more resolves than firings) is always
 * admitted; repeats never get here (ingest drops them). The check is two atomic reads: concurrent
 * offers may overshoot the bound by the batches they carry, never more.
 *
 * <p>Accepting and closing exclude each other: an offer checks that the queue is open and enqueues
 * under the read side of one lock, {@link #close()} takes its write side. Once {@code close()} has
 * returned, every batch an offer accepted is in the queue (so the evaluation thread, which stops only
 * when closed and empty, evaluates it) and every later offer is refused. Before, an offer could pass
 * the check, the loop see an empty closed queue and stop, and the batch land after it: answered 2xx,
 * never evaluated.
 */
@ApplicationScoped
public class BoundedEvaluationQueue implements EvaluationQueue {

    private final BlockingQueue<IngestBatch> queue;
    private final int capacity;
    private final long maxAlerts;
    /** Firing alerts in the session after the last evaluated batch (evaluation thread writes). */
    private final AtomicLong firing = new AtomicLong();
    /** Growth of the batches accepted and not yet evaluated. */
    private final AtomicLong pendingGrowth = new AtomicLong();

    private final AtomicBoolean full = new AtomicBoolean();
    /** Why this thread's last offer was refused, for {@link #refusalReason()}; null if it was not. */
    private final ThreadLocal<Refusal> refusal = new ThreadLocal<>();
    /** Read side: an offer's check and enqueue. Write side: closing. */
    private final ReadWriteLock admission = new ReentrantReadWriteLock();

    private volatile Runnable afterOpenCheck = () -> {};
    private final Counter refusedMaxAlerts;
    /** Closed until the evaluation thread runs, and again from the start of shutdown. */
    private volatile boolean open;

    private enum Refusal {
        CLOSED,
        MEMORY,
        FULL
    }

    public BoundedEvaluationQueue(EvaluationConfig config, MeterRegistry meters) {
        this.capacity = config.queueCapacity();
        this.maxAlerts = config.maxAlerts();
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.refusedMaxAlerts = Counter.builder("odpe.evaluation.refused")
                .description("Ingest batches refused because working memory is at odpe.evaluation.max-alerts")
                .tag("reason", "max-alerts")
                .register(meters);
        Gauge.builder("odpe.evaluation.firing.alerts", firing, AtomicLong::get)
                .description("Firing alerts in the rule session (bounded by odpe.evaluation.max-alerts)")
                .register(meters);
    }

    @Override
    public boolean offer(IngestBatch batch) {
        Lock lock = admission.readLock();
        lock.lock();
        try {
            Refusal refused = admit(batch);
            refusal.set(refused);
            return refused == null;
        } finally {
            lock.unlock();
        }
    }

    /** Under the read lock: enqueues the batch, or says why not. */
    private Refusal admit(IngestBatch batch) {
        if (!open) {
            return Refusal.CLOSED;
        }
        afterOpenCheck.run();
        long growth = growth(batch);
        if (growth > 0 && !batch.replay() && firing.get() + pendingGrowth.get() + growth > maxAlerts) {
            refusedMaxAlerts.increment();
            if (full.compareAndSet(false, true)) {
                Log.warnf(
                        "Working memory is full: %d firing alerts and %d on their way, odpe.evaluation.max-alerts "
                                + "is %d; new firing alerts are refused (503, Kafka waits) until alerts resolve or expire. "
                                + "Resolves are still admitted",
                        firing.get(), pendingGrowth.get(), maxAlerts);
            }
            return Refusal.MEMORY;
        }
        pendingGrowth.addAndGet(growth);
        if (!queue.offer(batch)) {
            pendingGrowth.addAndGet(-growth);
            return Refusal.FULL;
        }
        if (growth > 0 && full.compareAndSet(true, false)) {
            Log.infof(
                    "Working memory below odpe.evaluation.max-alerts (%d) again: new firing alerts are admitted",
                    maxAlerts);
        }
        return null;
    }

    /** Why this thread's last {@link #offer} was refused (the state now if it was not). */
    @Override
    public String refusalReason() {
        Refusal refused = refusal.get();
        if (refused == Refusal.CLOSED || (refused == null && !open)) {
            return "evaluation is not running (rule pack not loaded yet, broken, or the engine is shutting down)";
        }
        if (refused == Refusal.MEMORY) {
            return "working memory is full: " + (firing.get() + pendingGrowth.get()) + " firing alerts, "
                    + "odpe.evaluation.max-alerts is " + maxAlerts + "; new firing alerts are refused until alerts "
                    + "resolve or expire, resolves are still accepted";
        }
        return "evaluation queue is full (" + queue.size() + " of " + capacity + " batches waiting)";
    }

    @Override
    public int depth() {
        return queue.size();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** Firing alerts in the session as last published by the evaluation thread. */
    public long firingAlerts() {
        return firing.get();
    }

    void open() {
        open = true;
    }

    /**
     * Refuses every offer from now on; returns once offers already past the open check have enqueued
     * (or refused), so that the queue then holds every batch ever accepted.
     */
    void close() {
        Lock lock = admission.writeLock();
        lock.lock();
        try {
            open = false;
        } finally {
            lock.unlock();
        }
    }

    /** For tests: runs inside each offer right after it found the queue open (to interleave a close). */
    void afterOpenCheck(Runnable hook) {
        this.afterOpenCheck = hook;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** For the evaluation thread only: waits up to {@code timeout} for the next batch, null if none came. */
    IngestBatch poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * For the evaluation thread, after each step: the session now holds {@code firingAlerts}, and
     * {@code evaluated} (null for an idle tick) no longer waits.
     */
    void settled(IngestBatch evaluated, long firingAlerts) {
        firing.set(firingAlerts);
        if (evaluated != null) {
            pendingGrowth.addAndGet(-growth(evaluated));
        }
    }

    /** New firings minus resolves, at least 0: how much a batch may add to working memory. */
    static long growth(IngestBatch batch) {
        long growth = 0;
        for (AlertChange change : batch.changes()) {
            growth += change instanceof AlertChange.Fired ? 1 : -1;
        }
        return Math.max(0, growth);
    }
}
