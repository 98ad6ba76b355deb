package dev.odpe.engine.evaluate;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/** {@link EvaluationQueue} backed by a fixed-capacity array queue; the evaluation thread drains it. */
@ApplicationScoped
public class BoundedEvaluationQueue implements EvaluationQueue {

    private final BlockingQueue<IngestBatch> queue;
    private final int capacity;
    /** Closed until the evaluation thread runs, and again from the start of shutdown. */
    private volatile boolean open;

    public BoundedEvaluationQueue(EvaluationConfig config) {
        this.capacity = config.queueCapacity();
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(IngestBatch batch) {
        return open && queue.offer(batch);
    }

    @Override
    public String refusalReason() {
        if (!open) {
            return "evaluation is not running (rule pack not loaded yet, broken, or the engine is shutting down)";
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

    void open() {
        open = true;
    }

    void close() {
        open = false;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** For the evaluation thread only: waits up to {@code timeout} for the next batch, null if none came. */
    IngestBatch poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
