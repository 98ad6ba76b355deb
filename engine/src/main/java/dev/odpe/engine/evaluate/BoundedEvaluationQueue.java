package dev.odpe.engine.evaluate;

import dev.odpe.engine.config.EvaluationConfig;
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

    public BoundedEvaluationQueue(EvaluationConfig config) {
        this.capacity = config.queueCapacity();
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    @Override
    public boolean offer(IngestBatch batch) {
        return queue.offer(batch);
    }

    @Override
    public int depth() {
        return queue.size();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    /** For the evaluation thread only: waits up to {@code timeout} for the next batch, null if none came. */
    IngestBatch poll(Duration timeout) throws InterruptedException {
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
