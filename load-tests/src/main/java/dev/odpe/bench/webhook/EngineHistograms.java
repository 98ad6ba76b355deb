package dev.odpe.bench.webhook;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a Prometheus histogram from the engine's {@code /q/metrics} text, so a run can say where the
 * time went on the server side (evaluation lag) apart from the end-to-end time the client saw.
 * Percentiles are upper bucket bounds: coarse, but from the engine's own clock.
 */
public final class EngineHistograms {

    private EngineHistograms() {}

    /** Cumulative bucket counts by upper bound (seconds) for {@code metric}, from lines containing {@code filter}. */
    public static Map<Double, Double> buckets(String metricsText, String metric, String filter) {
        Map<Double, Double> buckets = new TreeMap<>();
        String prefix = metric + "_bucket{";
        for (String line : metricsText.split("\n")) {
            if (!line.startsWith(prefix) || !line.contains(filter)) {
                continue;
            }
            int le = line.indexOf("le=\"");
            int close = line.indexOf('"', le + 4);
            String bound = line.substring(le + 4, close);
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            buckets.merge(upper, sampleValue(line), Double::sum);
        }
        return buckets;
    }

    /** The sum of every sample of a counter or gauge {@code metric} (all label sets); 0 when absent. */
    public static double total(String metricsText, String metric) {
        double sum = 0;
        for (String line : metricsText.split("\n")) {
            if (line.startsWith(metric + "{") || line.startsWith(metric + " ")) {
                sum += sampleValue(line);
            }
        }
        return sum;
    }

    /**
     * The value of one sample line, {@code name{labels} value}, ignoring an OpenMetrics exemplar the engine
     * appends to counters it incremented inside a span ({@code value # {trace_id=...} 1.0 1795924106.446}):
     * its last number is the exemplar's timestamp, not the sample.
     */
    static double sampleValue(String line) {
        int exemplar = line.indexOf(" # ");
        String sample = exemplar < 0 ? line : line.substring(0, exemplar);
        return Double.parseDouble(sample.substring(sample.lastIndexOf(' ') + 1));
    }

    /** Bucket counts of {@code after} minus {@code before}: the samples taken between two scrapes. */
    public static Map<Double, Double> between(Map<Double, Double> before, Map<Double, Double> after) {
        Map<Double, Double> delta = new TreeMap<>();
        after.forEach((bound, count) -> delta.put(bound, count - before.getOrDefault(bound, 0.0)));
        return delta;
    }

    /** The smallest bucket bound holding at least {@code quantile} of the samples, in milliseconds. */
    public static double quantileMillis(Map<Double, Double> buckets, double quantile) {
        double total = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
        for (Map.Entry<Double, Double> bucket : buckets.entrySet()) {
            if (total > 0 && bucket.getValue() >= quantile * total) {
                return bucket.getKey() * 1000;
            }
        }
        return Double.NaN;
    }
}
