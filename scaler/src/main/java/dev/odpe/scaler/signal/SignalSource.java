package dev.odpe.scaler.signal;

/**
 * Where load signals come from (Prometheus today). Implementations refresh tracked queries in the
 * background; {@link #latest} answers from memory and never blocks on the backend, so a KEDA RPC
 * never waits on Prometheus.
 */
public interface SignalSource {

    /** Starts refreshing {@code query} (idempotent). Queries not asked for again may be dropped later. */
    void track(String query);

    /** The latest reading for {@code query}; {@link SignalReading.Pending} if it was never refreshed. */
    SignalReading latest(String query);
}
