package dev.odpe.bench.kafka;

import java.time.Duration;

/**
 * Open-loop arrivals: event {@code i} is due at {@code start + i / rate}, whatever the broker or the
 * engine does meanwhile. Latency is measured from the due time, so a producer that falls behind cannot
 * hide the delay it suffered (no coordinated omission).
 */
public record RateSchedule(double eventsPerSecond, Duration duration) {

    public RateSchedule {
        if (!(eventsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0 events/s, got " + eventsPerSecond);
        }
    }

    /** How many events the run sends: whole events that fall due within the duration. */
    public long count() {
        return (long) Math.floor(eventsPerSecond * duration.toNanos() / 1e9 + 1e-9);
    }

    /** Nanoseconds from the start at which event {@code i} is due. */
    public long dueOffsetNanos(long i) {
        return Math.round(i * 1e9 / eventsPerSecond);
    }
}
