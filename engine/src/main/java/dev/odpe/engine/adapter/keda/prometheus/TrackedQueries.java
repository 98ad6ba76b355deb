package dev.odpe.engine.adapter.keda.prometheus;

import dev.odpe.scaler.signal.SignalReading;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory state behind the signal source: which queries are tracked, when an RPC last asked
 * for each, and what its last refresh gave. RPC threads read; the refresher writes (one refresh per
 * query at a time). No I/O, no clock of its own: callers pass the time.
 */
final class TrackedQueries {

    enum Tracking {
        ALREADY,
        NEW,
        REFUSED
    }

    /** How a refresh changed a query's health, so the refresher logs once per failure streak. */
    enum Transition {
        UNCHANGED,
        STARTED_FAILING,
        RECOVERED
    }

    /**
     * @param lastGood     the newest value, kept through transient failures (it ages; the trigger's
     *                     maxStaleness decides when it is too old), dropped on a permanent one
     * @param failure      the latest refresh's failure, null when it gave a value
     * @param failingSince first failure of the current streak
     */
    private record State(
            Instant trackedSince, SignalReading.Value lastGood, QueryOutcome.Failure failure, Instant failingSince) {}

    private static final class Entry {
        volatile Instant lastAsked;
        volatile State state;

        Entry(Instant now) {
            lastAsked = now;
            state = new State(now, null, null, null);
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final String sourceName;
    private final int maxTracked;

    TrackedQueries(String sourceName, int maxTracked) {
        this.sourceName = sourceName;
        this.maxTracked = maxTracked;
    }

    /** Cheap on the hot path (a map read and a field write); only a first sighting takes the lock. */
    Tracking track(String query, Instant now) {
        Entry known = entries.get(query);
        if (known != null) {
            known.lastAsked = now;
            return Tracking.ALREADY;
        }
        synchronized (this) {
            if (entries.containsKey(query)) {
                entries.get(query).lastAsked = now;
                return Tracking.ALREADY;
            }
            if (entries.size() >= maxTracked) {
                return Tracking.REFUSED;
            }
            entries.put(query, new Entry(now));
            return Tracking.NEW;
        }
    }

    SignalReading latest(String query, Instant now) {
        Entry entry = entries.get(query);
        if (entry == null) {
            return entries.size() >= maxTracked
                    ? new SignalReading.Failed(
                            query,
                            sourceName,
                            FailureReason.TOO_MANY_QUERIES.summary() + ": " + maxTracked
                                    + " queries are already tracked (" + PrometheusSettings.PREFIX
                                    + "max-tracked-queries); "
                                    + "queries no trigger asks for are dropped after forget-after",
                            now)
                    : new SignalReading.Pending(query, now);
        }
        State s = entry.state;
        if (s.failure() == null) {
            return s.lastGood() != null ? s.lastGood() : new SignalReading.Pending(query, s.trackedSince());
        }
        if (s.failure().reason().isTransient() && s.lastGood() != null) {
            return s.lastGood(); // ages from its own observation time until maxStaleness turns it UNAVAILABLE
        }
        return new SignalReading.Failed(query, sourceName, s.failure().message(), s.failingSince());
    }

    /** Stores a refresh's outcome; ignored if the query was forgotten meanwhile. */
    Transition record(String query, QueryOutcome outcome, Instant at) {
        Entry entry = entries.get(query);
        if (entry == null) {
            return Transition.UNCHANGED;
        }
        State before = entry.state;
        boolean wasFailing = before.failure() != null;
        if (outcome instanceof QueryOutcome.Sample sample) {
            entry.state =
                    new State(before.trackedSince(), new SignalReading.Value(query, sample.value(), at), null, null);
            return wasFailing ? Transition.RECOVERED : Transition.UNCHANGED;
        }
        QueryOutcome.Failure failure = (QueryOutcome.Failure) outcome;
        SignalReading.Value kept = failure.reason().isTransient() ? before.lastGood() : null;
        entry.state = new State(before.trackedSince(), kept, failure, wasFailing ? before.failingSince() : at);
        return wasFailing ? Transition.UNCHANGED : Transition.STARTED_FAILING;
    }

    /** The latest refresh's failure, if it failed; for logs and tests. */
    Optional<QueryOutcome.Failure> failure(String query) {
        Entry entry = entries.get(query);
        return entry == null ? Optional.empty() : Optional.ofNullable(entry.state.failure());
    }

    /** Drops queries no RPC asked for since {@code cutoff}; returns how many. */
    int forgetNotAskedSince(Instant cutoff) {
        int before = entries.size();
        entries.values().removeIf(e -> e.lastAsked.isBefore(cutoff));
        return before - entries.size();
    }

    List<String> queries() {
        return List.copyOf(entries.keySet());
    }

    int size() {
        return entries.size();
    }

    String sourceName() {
        return sourceName;
    }
}
