package dev.odpe.engine.adapter.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Alertmanager resync's settings, checked at start-up. */
class AlertmanagerApiSettingsTest {

    @Test
    void noUrlTurnsTheResyncOff() {
        // When no URL is configured
        Optional<AlertmanagerApiSettings> settings = AlertmanagerApiSettings.from(config(List.of(), Optional.empty()));
        // Then there is nothing to resync from
        assertThat(settings).isEmpty();
    }

    @Test
    void aUrlWithCredentialsInItIsRefusedWithoutEchoingThem() {
        // When a URL carries user-info
        var config = config(List.of("https://odpe:s3cret@alertmanager.monitoring:9093"), Optional.empty());
        // Then start-up fails naming the key and the file-based alternatives, and the secret is not in the message
        assertThatThrownBy(() -> AlertmanagerApiSettings.from(config))
                .hasMessageStartingWith("odpe.alertmanager.urls=")
                .hasMessageContaining("auth.bearer-token-file")
                .message()
                .doesNotContain("s3cret");
    }

    @Test
    void aUrlThatIsNotHttpIsRefusedNamingTheKey() {
        // When a URL has another scheme
        var config = config(List.of("alertmanager:9093"), Optional.empty());
        // Then start-up fails naming the key
        assertThatThrownBy(() -> AlertmanagerApiSettings.from(config))
                .hasMessageStartingWith("odpe.alertmanager.urls=");
    }

    @Test
    void bothKindsOfCredentialsAreRefused() {
        // When a bearer token file and a basic auth user are both set
        var config = config(
                List.of("http://am:9093"),
                Optional.of(Path.of("/token")),
                Optional.of("odpe"),
                Optional.of(Path.of("/password")));
        // Then start-up fails naming auth
        assertThatThrownBy(() -> AlertmanagerApiSettings.from(config))
                .hasMessageStartingWith("odpe.alertmanager.auth.bearer-token-file=");
    }

    @Test
    void theAlertsEndpointKeepsAPathPrefix() {
        // When Alertmanager runs behind a route prefix
        URI query =
                AlertmanagerApiClient.query(URI.create("http://am.monitoring:9093/alertmanager/"), Optional.of("odpe"));
        // Then the query keeps the prefix and asks for active, unsilenced, uninhibited alerts of the receiver
        assertThat(query)
                .hasToString(
                        "http://am.monitoring:9093/alertmanager/api/v2/alerts?active=true&silenced=false&inhibited=false&receiver=odpe");
    }

    static AlertmanagerApiConfig config(List<String> urls, Optional<Path> tokenFile) {
        return config(urls, tokenFile, Optional.empty(), Optional.empty());
    }

    static AlertmanagerApiConfig config(
            List<String> urls, Optional<Path> tokenFile, Optional<String> username, Optional<Path> passwordFile) {
        return new AlertmanagerApiConfig() {
            @Override
            public Optional<List<String>> urls() {
                return urls.isEmpty() ? Optional.empty() : Optional.of(urls);
            }

            @Override
            public Duration resyncInterval() {
                return Duration.ofMinutes(1);
            }

            @Override
            public Optional<String> receiver() {
                return Optional.empty();
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Auth auth() {
                return new Auth() {
                    @Override
                    public Optional<Path> bearerTokenFile() {
                        return tokenFile;
                    }

                    @Override
                    public Optional<String> username() {
                        return username;
                    }

                    @Override
                    public Optional<Path> passwordFile() {
                        return passwordFile;
                    }
                };
            }

            @Override
            public Tls tls() {
                return Optional::empty;
            }
        };
    }
}
