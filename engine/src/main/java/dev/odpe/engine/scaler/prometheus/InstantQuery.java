package dev.odpe.engine.scaler.prometheus;

/** Evaluates one PromQL expression now. Blocks for at most the query timeout; never throws. */
@FunctionalInterface
public interface InstantQuery {

    QueryOutcome evaluate(String promql);
}
