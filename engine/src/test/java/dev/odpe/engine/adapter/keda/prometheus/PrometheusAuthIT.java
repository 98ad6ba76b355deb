package dev.odpe.engine.adapter.keda.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.it.PrometheusWebSecurity;
import dev.odpe.testsupport.Prometheus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus client's auth and TLS settings against a real Prometheus (Debian 2.42) behind its own
 * web config: TLS with a certificate made for the test, and basic auth with a bcrypt-hashed password.
 * The client is built as the engine builds it ({@link PrometheusClient#forSettings}).
 */
class PrometheusAuthIT {

    @TempDir
    static Path secrets;

    private static PrometheusWebSecurity security;
    private static Prometheus prometheus;

    @BeforeAll
    static void startSecuredPrometheus() {
        security = PrometheusWebSecurity.create(secrets, "odpe", "pa55word");
        prometheus = Prometheus.secured(security.webConfig(), security.access());
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    @Test
    void withItsCaAndTheRightPasswordAQueryIsAnswered() {
        // Given the engine's client trusting the test CA, with basic auth from the mounted password file
        PrometheusClient client = client(Optional.of(security.caFile()), security.passwordFile());
        // When a query is evaluated
        QueryOutcome outcome = client.evaluate("vector(42)");
        // Then Prometheus answered it
        assertThat(outcome).isEqualTo(new QueryOutcome.Sample(42));
    }

    @Test
    void aWrongPasswordIsAnAuthFailureThatDoesNotEchoIt(@TempDir Path dir) throws IOException {
        // Given a wrong password
        Path wrong = Files.writeString(dir.resolve("password"), "not-the-password");
        PrometheusClient client = client(Optional.of(security.caFile()), wrong);
        // When a query is evaluated
        QueryOutcome outcome = client.evaluate("vector(42)");
        // Then Prometheus refused it with 401, read as a transient auth failure
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.AUTH_FAILED);
            assertThat(f.detail()).startsWith("HTTP 401").doesNotContain("not-the-password");
        });
    }

    @Test
    void withoutItsCaTheTlsHandshakeFailsAndTheReasonPointsToTheCaSetting() {
        // Given the JVM's default trust store, which does not hold the test CA
        PrometheusClient client = client(Optional.empty(), security.passwordFile());
        // When a query is evaluated
        QueryOutcome outcome = client.evaluate("vector(42)");
        // Then it fails as unreachable, saying the handshake failed and which key sets the CA
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.UNREACHABLE);
            assertThat(f.detail())
                    .startsWith("TLS handshake with " + prometheus.baseUri() + "/api/v1/query failed")
                    .endsWith("(is its CA in odpe.scaler.prometheus.tls.ca-file?)");
        });
    }

    private static PrometheusClient client(Optional<Path> caFile, Path passwordFile) {
        PrometheusSettings settings = PrometheusSettings.from(PrometheusSettingsTest.config(Map.of(
                        "url", Optional.of(prometheus.baseUri().toString()),
                        "auth",
                                PrometheusSettingsTest.auth(
                                        Optional.empty(), Optional.of(security.username()), Optional.of(passwordFile)),
                        "tls",
                                dev.odpe.engine.testing.ConfigStub.of(
                                        PrometheusConfig.Tls.class, Map.of("caFile", caFile)))))
                .orElseThrow();
        return PrometheusClient.forSettings(settings, new ObjectMapper());
    }
}
