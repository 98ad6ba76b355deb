package dev.odpe.engine.adapter.alertmanager;

import dev.odpe.engine.httpclient.HttpCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link AlertmanagerApiConfig}, checked once at start-up: a bad setting stops the engine with a
 * message naming the key, rather than a resync that silently never heals anything.
 */
record AlertmanagerApiSettings(
        List<URI> urls,
        Duration resyncInterval,
        Optional<String> receiver,
        Duration timeout,
        HttpCredentials credentials,
        Optional<Path> caFile) {

    static final String PREFIX = "odpe.alertmanager.";

    /** Empty when no URL is configured: the resync is off. */
    static Optional<AlertmanagerApiSettings> from(AlertmanagerApiConfig config) {
        List<String> raw = config.urls().orElse(List.of()).stream()
                .map(String::strip)
                .filter(u -> !u.isEmpty())
                .toList();
        if (raw.isEmpty()) {
            return Optional.empty();
        }
        List<URI> urls = raw.stream().map(AlertmanagerApiSettings::parse).toList();
        requirePositive("resync-interval", config.resyncInterval());
        requirePositive("timeout", config.timeout());
        Optional<Path> caFile = config.tls().caFile();
        caFile.ifPresent(ca -> {
            if (!Files.isReadable(ca)) {
                throw invalid("tls.ca-file", ca.toString(), "the file is not readable");
            }
            if (urls.stream().noneMatch(u -> "https".equalsIgnoreCase(u.getScheme()))) {
                throw invalid("tls.ca-file", ca.toString(), "no URL in " + PREFIX + "urls uses https");
            }
        });
        return Optional.of(new AlertmanagerApiSettings(
                urls,
                config.resyncInterval(),
                config.receiver(),
                config.timeout(),
                credentials(config.auth()),
                caFile));
    }

    private static URI parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("urls", "<not a URL>", "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || uri.getHost() == null) {
            throw invalid("urls", url, "must be an http(s) URL with a host, e.g. http://alertmanager.monitoring:9093");
        }
        if (uri.getRawUserInfo() != null) {
            // Never echo the URL: its user-info is a secret.
            throw invalid(
                    "urls",
                    uri.getScheme() + "://…@" + uri.getHost(),
                    "credentials in the URL are refused; use " + PREFIX
                            + "auth.bearer-token-file or auth.username + auth.password-file");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            throw invalid("urls", url, "must not have a query or fragment");
        }
        return uri;
    }

    private static HttpCredentials credentials(AlertmanagerApiConfig.Auth auth) {
        return HttpCredentials.fromFiles(PREFIX, auth.bearerTokenFile(), auth.username(), auth.passwordFile());
    }

    /** The Alertmanager alerts endpoint of {@code base}, keeping a path prefix (Alertmanager behind {@code --web.route-prefix}). */
    static URI alertsEndpoint(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        String prefix = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return base.resolve(prefix + "/api/v2/alerts");
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw invalid(key, value.toString(), "must be positive");
        }
    }

    private static IllegalStateException invalid(String key, String value, String why) {
        return new IllegalStateException(PREFIX + key + "=" + value + " is invalid: " + why);
    }
}
