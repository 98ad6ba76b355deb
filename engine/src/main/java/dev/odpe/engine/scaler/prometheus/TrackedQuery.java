package dev.odpe.engine.scaler.prometheus;

import dev.odpe.scaler.signal.SignalReading;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** One query the scaler asked for: its latest reading, when it was last asked, whether a refresh runs. */
final class TrackedQuery {

    private final String query;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile SignalReading reading;
    private volatile Instant lastAsked;

    TrackedQuery(String query, Instant now) {
        this.query = query;
        this.reading = new SignalReading.Pending(query, now);
        this.lastAsked = now;
    }

    String query() {
        return query;
    }

    SignalReading reading() {
        return reading;
    }

    void reading(SignalReading reading) {
        this.reading = reading;
    }

    Instant lastAsked() {
        return lastAsked;
    }

    void askedAt(Instant now) {
        if (now.isAfter(lastAsked)) {
            lastAsked = now;
        }
    }

    boolean startRefresh() {
        return refreshing.compareAndSet(false, true);
    }

    void endRefresh() {
        refreshing.set(false);
    }
}
