package dev.odpe.engine.adapter.keda.prometheus;

import java.util.Objects;

/** What one instant query evaluation gave: one number, or a typed failure. Never an exception. */
public sealed interface QueryOutcome {

    /**
     * One number. NaN and ±Inf pass through: the scaling logic knows the signal kind and decides
     * (NaN latency from a window without requests is no pressure; NaN or Inf queue depth is
     * unavailable). The source does not know which signal a query feeds.
     */
    record Sample(double value) implements QueryOutcome {}

    /** @param detail what Prometheus (or the connection) said, for the gRPC UNAVAILABLE message */
    record Failure(FailureReason reason, String detail) implements QueryOutcome {
        public Failure {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }

        /** e.g. {@code prometheus rejected the query: bad_data: 1:5: parse error: …} */
        public String message() {
            return reason.summary() + ": " + detail;
        }
    }
}
