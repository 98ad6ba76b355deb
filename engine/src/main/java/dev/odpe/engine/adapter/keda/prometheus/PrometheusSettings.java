package dev.odpe.engine.adapter.keda.prometheus;

import dev.odpe.engine.httpclient.HttpCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link PrometheusConfig}, checked: the URL parsed into the query endpoint, durations and bounds
 * positive. Failures name the key, so a bad value stops the engine at start-up with a clear message.
 *
 * @param sourceName how readings name their backend in UNAVAILABLE messages, e.g. {@code prometheus http://prom:9090}
 */
public record PrometheusSettings(
        URI queryEndpoint,
        String sourceName,
        Duration refreshInterval,
        Duration queryTimeout,
        int maxTrackedQueries,
        int maxConcurrentQueries,
        Duration forgetAfter,
        HttpCredentials credentials,
        Optional<Path> caFile) {

    static final String PREFIX = "odpe.scaler.prometheus.";

    public PrometheusSettings {
        requirePositive("refresh-interval", refreshInterval);
        requirePositive("query-timeout", queryTimeout);
        requirePositive("forget-after", forgetAfter);
        requirePositive("max-tracked-queries", maxTrackedQueries);
        requirePositive("max-concurrent-queries", maxConcurrentQueries);
    }

    /** Empty when no URL is configured (blank counts as unset). @throws IllegalStateException naming the bad key */
    public static Optional<PrometheusSettings> from(PrometheusConfig config) {
        Optional<String> url = config.url().map(String::strip).filter(u -> !u.isEmpty());
        if (url.isEmpty()) {
            return Optional.empty();
        }
        URI base = parseBase(url.get());
        Optional<Path> caFile = config.tls().caFile();
        if (caFile.isPresent() && !"https".equalsIgnoreCase(base.getScheme())) {
            throw invalid("tls.ca-file", caFile.get().toString(), "only used with an https:// url, not " + base);
        }
        return Optional.of(new PrometheusSettings(
                queryEndpoint(base),
                "prometheus " + base,
                config.refreshInterval(),
                config.queryTimeout(),
                config.maxTrackedQueries(),
                config.maxConcurrentQueries(),
                config.forgetAfter(),
                credentials(config.auth()),
                caFile));
    }

    /** True when credentials would cross the network in clear text. */
    public boolean sendsCredentialsInClear() {
        return !(credentials instanceof HttpCredentials.None) && "http".equalsIgnoreCase(queryEndpoint.getScheme());
    }

    private static HttpCredentials credentials(PrometheusConfig.Auth auth) {
        return HttpCredentials.fromFiles(PREFIX, auth.bearerTokenFile(), auth.username(), auth.passwordFile());
    }

    private static URI parseBase(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("url", url, e.getMessage());
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw invalid("url", url, "expected http:// or https://");
        }
        if (uri.getHost() == null) {
            throw invalid("url", url, "no host");
        }
        if (uri.getUserInfo() != null) {
            // It would be echoed in every UNAVAILABLE message and log line; use odpe.scaler.prometheus.auth.* instead.
            throw invalid("url", url.replace(uri.getRawUserInfo(), "***"), "credentials in the URL are not supported");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("url", url, "no query or fragment expected, only the base URL");
        }
        return uri;
    }

    /** {@code http://h:9090} and {@code http://h/prometheus/} → {@code …/api/v1/query}. */
    private static URI queryEndpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return URI.create(base.getScheme() + "://" + base.getRawAuthority() + trimmed + "/api/v1/query");
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw invalid(key, String.valueOf(value), "must be a positive duration");
        }
    }

    private static void requirePositive(String key, int value) {
        if (value < 1) {
            throw invalid(key, String.valueOf(value), "must be at least 1");
        }
    }

    private static IllegalStateException invalid(String key, String value, String why) {
        return new IllegalStateException(PREFIX + key + "=" + value + " is invalid: " + why);
    }
}
