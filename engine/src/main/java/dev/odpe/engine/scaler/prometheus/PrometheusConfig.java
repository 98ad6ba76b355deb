package dev.odpe.engine.scaler.prometheus;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Where the KEDA scaler's load signals come from. Unset {@code url}: no signal source, every trigger
 * that names a query answers UNAVAILABLE (KEDA's fallback) and pools scale on rule intents alone.
 * See engine/README.md, "Scaling signals from Prometheus".
 */
@ConfigMapping(prefix = "odpe.scaler.prometheus")
public interface PrometheusConfig {

    /** Prometheus' base URL, e.g. {@code http://prometheus-operated.monitoring.svc:9090}. */
    Optional<URI> url();

    /** How often every tracked query is evaluated again (as an instant query). */
    @WithDefault("5s")
    Duration refreshInterval();

    /** Per query; a slower answer counts as a transient failure. */
    @WithDefault("3s")
    Duration queryTimeout();

    /** Distinct queries refreshed at most; further ones answer UNAVAILABLE saying so. */
    @WithDefault("1000")
    @Min(1)
    int maxTrackedQueries();

    /** Queries in flight to Prometheus at once. */
    @WithDefault("8")
    @Min(1)
    int maxConcurrentQueries();

    /** A query no RPC asked about for this long is no longer refreshed. */
    @WithDefault("10m")
    Duration forgetAfter();
}
