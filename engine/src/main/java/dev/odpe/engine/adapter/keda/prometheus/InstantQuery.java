package dev.odpe.engine.adapter.keda.prometheus;

/** Evaluates one PromQL expression now. Blocks for at most the query timeout; never throws. */
@FunctionalInterface
public interface InstantQuery {

    QueryOutcome evaluate(String promql);
}
