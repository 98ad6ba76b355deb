package dev.odpe.engine.adapter.keda.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.httpclient.PemTrust;
import dev.odpe.engine.testing.ConfigStub;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusSettingsTest {

    @Test
    void noUrlMeansNoPrometheus() {
        // Given the embedded defaults: no URL, or a blank one from an empty environment variable
        // When settings are derived
        // Then there is no Prometheus source
        assertThat(PrometheusSettings.from(config(Map.of("url", Optional.empty()))))
                .isEmpty();
        assertThat(PrometheusSettings.from(config(Map.of("url", Optional.of("  ")))))
                .isEmpty();
    }

    @Test
    void theQueryEndpointKeepsAPathPrefixAndTheSourceIsNamedByTheBaseUrl() {
        // Given Prometheus behind a path prefix
        Map<String, Object> values = Map.of("url", Optional.of("http://monitoring.example:9090/prometheus/"));
        // When settings are derived
        PrometheusSettings settings = PrometheusSettings.from(config(values)).orElseThrow();
        // Then queries go under the prefix and readings name the base URL
        assertThat(settings.queryEndpoint())
                .isEqualTo(URI.create("http://monitoring.example:9090/prometheus/api/v1/query"));
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

    @Test
    void aBearerTokenFileIsReadAtStartUpAndNamedWithoutItsSecret(@TempDir Path dir) throws Exception {
        // Given a token file
        Path token = Files.writeString(dir.resolve("token"), "s3cret-token\n");
        // When settings are derived
        PrometheusSettings settings = PrometheusSettings.from(config(Map.of(
                        "url",
                        Optional.of("https://prom:9091"),
                        "auth",
                        auth(Optional.of(token), Optional.empty(), Optional.empty()))))
                .orElseThrow();
        // Then the header carries the token (without the newline) and the description does not
        assertThat(settings.credentials().authorization()).contains("Bearer s3cret-token");
        assertThat(settings.credentials().describe())
                .isEqualTo("bearer token from " + token)
                .doesNotContain("s3cret");
        assertThat(settings.sendsCredentialsInClear()).isFalse();
    }

    @Test
    void basicAuthNeedsBothUserAndPasswordFile() {
        // Given a user without a password file
        Map<String, Object> values = Map.of(
                "url",
                Optional.of("https://prom:9091"),
                "auth",
                auth(Optional.empty(), Optional.of("odpe"), Optional.empty()));
        // When settings are derived, then start-up fails naming the missing key
        assertThatThrownBy(() -> PrometheusSettings.from(config(values)))
                .hasMessage("odpe.scaler.prometheus.auth.username=odpe is invalid: basic auth needs both "
                        + "auth.username and auth.password-file");
    }

    @Test
    void bearerTokenAndBasicAuthTogetherAreRefused(@TempDir Path dir) throws Exception {
        // Given both kinds of credentials
        Path file = Files.writeString(dir.resolve("secret"), "x");
        Map<String, Object> values = Map.of(
                "url",
                Optional.of("https://prom:9091"),
                "auth",
                auth(Optional.of(file), Optional.of("odpe"), Optional.of(file)));
        // When settings are derived, then start-up fails saying to pick one
        assertThatThrownBy(() -> PrometheusSettings.from(config(values))).hasMessageContaining("not both");
    }

    @Test
    void aMissingSecretFileStopsStartUp(@TempDir Path dir) {
        // Given a password file path that does not exist (a wrong mount path)
        Path missing = dir.resolve("no-such-file");
        Map<String, Object> values = Map.of(
                "url",
                Optional.of("https://prom:9091"),
                "auth",
                auth(Optional.empty(), Optional.of("odpe"), Optional.of(missing)));
        // When settings are derived, then start-up fails naming the file
        assertThatThrownBy(() -> PrometheusSettings.from(config(values)))
                .hasMessageStartingWith("odpe.scaler.prometheus.auth=basic auth as odpe (password from " + missing)
                .hasMessageContaining("cannot read the secret");
    }

    @Test
    void basicAuthOverPlainHttpIsAllowedButFlagged(@TempDir Path dir) throws Exception {
        // Given basic auth towards an http:// URL (a mesh may encrypt it)
        Path password = Files.writeString(dir.resolve("password"), "pw");
        // When settings are derived
        PrometheusSettings settings = PrometheusSettings.from(config(Map.of(
                        "url",
                        Optional.of("http://prom:9090"),
                        "auth",
                        auth(Optional.empty(), Optional.of("odpe"), Optional.of(password)))))
                .orElseThrow();
        // Then they are flagged as sent in clear (the engine logs a warning)
        assertThat(settings.sendsCredentialsInClear()).isTrue();
        assertThat(settings.credentials().authorization()).contains("Basic b2RwZTpwdw==");
    }

    @Test
    void aCaFileWithAPlainHttpUrlIsRefused() {
        // Given a CA file for an http:// URL
        Map<String, Object> values = Map.of(
                "url",
                Optional.of("http://prom:9090"),
                "tls",
                ConfigStub.of(PrometheusConfig.Tls.class, Map.of("caFile", Optional.of(Path.of("/ca.pem")))));
        // When settings are derived, then start-up fails naming the key
        assertThatThrownBy(() -> PrometheusSettings.from(config(values)))
                .hasMessageStartingWith(
                        "odpe.scaler.prometheus.tls.ca-file=/ca.pem is invalid: only used with an https:// url");
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedNamingTheKey(@TempDir Path dir) throws Exception {
        // Given a file that holds no PEM certificate
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        // When a TLS context is built from it, then it fails naming the key and the file
        assertThatThrownBy(() -> PemTrust.trusting("odpe.scaler.prometheus.tls.ca-file", notPem))
                .hasMessageStartingWith("odpe.scaler.prometheus.tls.ca-file=" + notPem + " is invalid");
    }

    static PrometheusConfig.Auth auth(
            Optional<Path> bearerTokenFile, Optional<String> username, Optional<Path> passwordFile) {
        return ConfigStub.of(
                PrometheusConfig.Auth.class,
                Map.of("bearerTokenFile", bearerTokenFile, "username", username, "passwordFile", passwordFile));
    }

    /** The documented defaults, overridden by {@code values}. */
    static PrometheusConfig config(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of(
                "refreshInterval", Duration.ofSeconds(5),
                "queryTimeout", Duration.ofSeconds(3),
                "maxTrackedQueries", 1000,
                "maxConcurrentQueries", 8,
                "forgetAfter", Duration.ofMinutes(10),
                "auth", auth(Optional.empty(), Optional.empty(), Optional.empty()),
                "tls", ConfigStub.of(PrometheusConfig.Tls.class, Map.of("caFile", Optional.empty()))));
        all.putAll(values);
        return ConfigStub.of(PrometheusConfig.class, all);
    }
}
