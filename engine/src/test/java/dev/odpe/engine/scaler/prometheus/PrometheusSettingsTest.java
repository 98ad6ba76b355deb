package dev.odpe.engine.scaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.testing.ConfigStub;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrometheusSettingsTest {

    @Test
    void noUrlMeansNoPrometheus() {
        // Given the embedded defaults: no URL, or a blank one from an empty environment variable
        // When settings are derived
        // Then there is no Prometheus source
        assertThat(PrometheusSettings.from(config(Map.of("url", Optional.empty())))).isEmpty();
        assertThat(PrometheusSettings.from(config(Map.of("url", Optional.of("  "))))).isEmpty();
    }

    @Test
    void theQueryEndpointKeepsAPathPrefixAndTheSourceIsNamedByTheBaseUrl() {
        // Given Prometheus behind a path prefix
        Map<String, Object> values = Map.of("url", Optional.of("http://monitoring.example:9090/prometheus/"));
        // When settings are derived
        PrometheusSettings settings = PrometheusSettings.from(config(values)).orElseThrow();
        // Then queries go under the prefix and readings name the base URL
        assertThat(settings.queryEndpoint()).isEqualTo(URI.create("http://monitoring.example:9090/prometheus/api/v1/query"));
        assertThat(settings.sourceName()).isEqualTo("prometheus http://monitoring.example:9090/prometheus/");
    }

    @Test
    void aUrlWithoutHttpSchemeStopsStartUpNamingTheKey() {
        // Given a URL without scheme
        Map<String, Object> values = Map.of("url", Optional.of("prometheus:9090"));
        // When settings are derived, then start-up fails naming the key
        assertThatThrownBy(() -> PrometheusSettings.from(config(values)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("odpe.scaler.prometheus.url=prometheus:9090 is invalid: expected http:// or https://");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        // Given a URL with user and password
        Map<String, Object> values = Map.of("url", Optional.of("http://admin:s3cret@prom:9090"));
        // When settings are derived, then start-up fails without printing the password
        assertThatThrownBy(() -> PrometheusSettings.from(config(values)))
                .hasMessageContaining("credentials in the URL are not supported")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void aNonPositiveRefreshIntervalStopsStartUpNamingTheKey() {
        // Given a zero refresh interval
        Map<String, Object> values = Map.of("url", Optional.of("http://prom:9090"), "refreshInterval", Duration.ZERO);
        // When settings are derived, then start-up fails naming the key
        assertThatThrownBy(() -> PrometheusSettings.from(config(values)))
                .hasMessage("odpe.scaler.prometheus.refresh-interval=PT0S is invalid: must be a positive duration");
    }

    @Test
    void zeroConcurrentQueriesStopsStartUpNamingTheKey() {
        // Given no query allowed in flight
        Map<String, Object> values = Map.of("url", Optional.of("http://prom:9090"), "maxConcurrentQueries", 0);
        // When settings are derived, then start-up fails naming the key
        assertThatThrownBy(() -> PrometheusSettings.from(config(values)))
                .hasMessage("odpe.scaler.prometheus.max-concurrent-queries=0 is invalid: must be at least 1");
    }

    /** The documented defaults, overridden by {@code values}. */
    static PrometheusConfig config(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "refreshInterval", Duration.ofSeconds(5),
                "queryTimeout", Duration.ofSeconds(3),
                "maxTrackedQueries", 1000,
                "maxConcurrentQueries", 8,
                "forgetAfter", Duration.ofMinutes(10)));
        all.putAll(values);
        return ConfigStub.of(PrometheusConfig.class, all);
    }
}
