package dev.odpe.engine.scaler.prometheus;

import java.util.concurrent.CompletableFuture;

/** Evaluates one PromQL expression now. Completes normally, always: failures are answers. */
public interface InstantQueries {

    CompletableFuture<QueryAnswer> query(String promQl);

    /** The source as UNAVAILABLE messages name it, e.g. {@code prometheus http://127.0.0.1:9090}. */
    String describe();
}
