package dev.odpe.engine.evaluate;

import dev.odpe.engine.decision.AlertChange;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Told what became of an {@link IngestBatch}, on the evaluation thread: how a source that must not
 * forget work (a Kafka consumer committing offsets) learns when a batch is truly done. Implementations
 * must return at once; anything slow belongs on the stage.
 */
public interface BatchCallback {

    /** Does nothing: HTTP ingest answered when the batch was queued. */
    BatchCallback NONE = new BatchCallback() {
        @Override
        public void evaluated(CompletionStage<Void> published) {}

        @Override
        public void failed(RuntimeException error) {}
    };

    /**
     * The batch was evaluated and its decisions recorded; {@code published} completes once each of those
     * decisions is also on the decisions stream (at once when there is none), or fails if one could not be.
     */
    void evaluated(CompletionStage<Void> published);

    /** Evaluation threw on this batch; the loop has moved on and will not try it again. */
    void failed(RuntimeException error);

    /**
     * For a reconciliation batch, before they are applied: the changes computed against working memory
     * (possibly none). Not called for batches of changes.
     */
    default void reconciled(List<AlertChange> changes) {}
}
