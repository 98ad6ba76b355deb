package dev.odpe.scaler;

import java.util.Locale;

/** The one metric name per pool that GetMetricSpec announces and GetMetrics must be asked for. */
public final class MetricNames {

    private static final String PREFIX = "odpe-pool-";

    private MetricNames() {}

    /**
     * {@code odpe-pool-<namespace>-<pool>}, lowercase, anything outside {@code [a-z0-9-]} turned into
     * {@code -}. Stable: depends only on namespace and pool, never on the signals configured, so
     * editing a trigger's queries does not rename the HPA's metric.
     */
    public static String forPool(String namespace, String pool) {
        return PREFIX + sanitise(namespace) + "-" + sanitise(pool);
    }

    private static String sanitise(String part) {
        return part.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }
}
