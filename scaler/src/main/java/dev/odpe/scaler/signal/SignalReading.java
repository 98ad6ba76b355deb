package dev.odpe.scaler.signal;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest answer for one signal query, as the background refresher last saw it. Either a value
 * with the time it was observed, or a failure that says which source and why — never a silent 0.
 */
public sealed interface SignalReading {

    /** The query this reading answers (e.g. a PromQL expression). */
    String query();

    record Value(String query, double value, Instant observedAt) implements SignalReading {
        public Value {
            Objects.requireNonNull(query, "query");
            Objects.requireNonNull(observedAt, "observedAt");
        }
    }

    /**
     * @param source e.g. {@code prometheus http://127.0.0.1:9090}
     * @param reason what went wrong, for the gRPC UNAVAILABLE message
     * @param since  when the failure was first seen
     */
    record Failed(String query, String source, String reason, Instant since) implements SignalReading {}

    /** Tracked, but no refresh has completed yet. */
    record Pending(String query, Instant since) implements SignalReading {}
}
