package dev.odpe.bench.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.HdrHistogram.Histogram;

/** Turns raw send/record times into the numbers and verdicts the README reports. Pure. */
public final class Verdicts {

    /** Issue 2: the engine keeps at least this share of the parse-only throughput. */
    public static final double THROUGHPUT_RATIO_TARGET = 0.7;
    /** Issue 2: p99 from request to recorded decision at 1k alerts/s. */
    public static final Duration P99_TARGET = Duration.ofMillis(5);

    private Verdicts() {}

    public static double perSecond(long alerts, Instant from, Instant to) {
        long micros = Duration.between(from, to).toNanos() / 1_000;
        return micros <= 0 ? 0 : alerts * 1e6 / micros;
    }

    /** The latest record time among {@code fingerprints}, or empty while any is not recorded yet. */
    public static Optional<Instant> allRecordedBy(Collection<String> fingerprints, Function<String, Instant> recorded) {
        Instant last = Instant.EPOCH;
        for (String f : fingerprints) {
            Instant at = recorded.apply(f);
            if (at == null) {
                return Optional.empty();
            }
            last = at.isAfter(last) ? at : last;
        }
        return Optional.of(last);
    }

    /** Latency histogram in microseconds (negative clock skew clamps to 0) and the count never recorded. */
    public record Latencies(Histogram micros, long missing) {
        public double percentileMillis(double p) {
            return micros.getValueAtPercentile(p) / 1000.0;
        }
    }

    public static Latencies latencies(Map<String, Instant> dueByFingerprint, Function<String, Instant> recorded) {
        Histogram histogram = new Histogram(3_600_000_000L, 3);
        long missing = 0;
        for (Map.Entry<String, Instant> due : dueByFingerprint.entrySet()) {
            Instant at = recorded.apply(due.getKey());
            if (at == null) {
                missing++;
            } else {
                histogram.recordValue(
                        Math.max(0, Duration.between(due.getValue(), at).toNanos() / 1_000));
            }
        }
        return new Latencies(histogram, missing);
    }

    public static String met(boolean met) {
        return met ? "met" : "MISSED";
    }
}
