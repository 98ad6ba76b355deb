package dev.odpe.engine.audit;

import dev.odpe.engine.decision.Decision;
import io.opentelemetry.api.trace.SpanContext;
import java.util.concurrent.CompletionStage;

/**
 * Where recorded decisions go beyond this process, for other systems to follow (the Kafka decisions
 * topic). Called on the thread that records the decision; must not block.
 */
public interface DecisionStream {

    /**
     * Publishes a decision, or a later amendment of it (same {@link Decision#id()}, final outcome).
     *
     * @param span the decision span, for the trace context; invalid for amendments
     * @return completes once the stream has durably taken it (at once when there is no stream); fails
     *         if it could not
     */
    CompletionStage<Void> publish(Decision decision, SpanContext span, boolean amendment);
}
