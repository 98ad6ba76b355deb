package dev.odpe.engine.evaluate;

/**
 * The bounded hand-off between ingest (many HTTP threads) and evaluation (the one thread that owns
 * the rule session). Ingest answers 2xx only after {@link #offer} returned true: from then on the
 * batch is the engine's responsibility and is evaluated before shutdown completes.
 */
public interface EvaluationQueue {

    /** Enqueues without blocking; false when the queue is full (ingest answers 503 so the sender retries). */
    boolean offer(IngestBatch batch);

    /**
     * Why {@link #offer} refuses right now, for the 503 body: the queue is full, or evaluation is not
     * running (rule pack not loaded, engine shutting down).
     */
    String refusalReason();

    /** Batches waiting, for the queue-depth gauge. */
    int depth();

    /** Upper bound on {@link #depth()}. */
    int capacity();
}
