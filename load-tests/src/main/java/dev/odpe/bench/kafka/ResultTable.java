package dev.odpe.bench.kafka;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The benchmark's results as a Markdown table, ready to paste into load-tests/README.md. */
public final class ResultTable {

    /**
     * One open-loop rate. Latency: due time → decision appended to the decisions topic. Lags are the
     * engine group's committed lag in records. Engine counters are diffs over the measured window.
     */
    public record Row(
            double targetPerSecond,
            double achievedPerSecond,
            long produced,
            long decisions,
            long missing,
            long duplicates,
            Histogram latencyMillis,
            long maxLag,
            long lagAtEndOfLoad,
            long finalLag,
            double publishFailures,
            double engineLagP99Millis) {}

    private static final String HEADER = """
            | target ev/s | achieved ev/s | produced | decisions | missing | dup | p50 ms | p99 ms | max ms \
            | max lag | lag at end of load | final lag | publish failures | engine eval p99 ms |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|---|
            """;

    private ResultTable() {}

    public static String markdown(List<Row> rows) {
        StringBuilder table = new StringBuilder(HEADER);
        for (Row r : rows) {
            Histogram h = r.latencyMillis();
            boolean any = h.getTotalCount() > 0;
            table.append(String.format(
                    Locale.ROOT,
                    "| %,.0f | %,.0f | %,d | %,d | %,d | %,d | %s | %s | %s | %,d | %,d | %,d | %,.0f | ≤ %s |%n",
                    r.targetPerSecond(),
                    r.achievedPerSecond(),
                    r.produced(),
                    r.decisions(),
                    r.missing(),
                    r.duplicates(),
                    any ? millis(h.getValueAtPercentile(50)) : "–",
                    any ? millis(h.getValueAtPercentile(99)) : "–",
                    any ? millis(h.getMaxValue()) : "–",
                    r.maxLag(),
                    r.lagAtEndOfLoad(),
                    r.finalLag(),
                    r.publishFailures(),
                    Double.isNaN(r.engineLagP99Millis())
                            ? "–"
                            : String.format(Locale.ROOT, "%.1f", r.engineLagP99Millis())));
        }
        return table.toString();
    }

    private static String millis(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
