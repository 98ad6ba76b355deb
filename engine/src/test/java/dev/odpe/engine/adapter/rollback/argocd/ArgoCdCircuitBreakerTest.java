package dev.odpe.engine.adapter.rollback.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker in front of an Argo CD endpoint, against the HTTP double of argocd-server. A
 * {@code @QuarkusTest} (default profile, shared engine) because SmallRye Fault Tolerance's guards
 * need the CDI container.
 */
@QuarkusTest
class ArgoCdCircuitBreakerTest {

    private static final ApplicationRef BERT = new ApplicationRef("bert-serving", "argocd", "ml-models");
    private static final RollbackRequest TO_2 =
            new RollbackRequest("bert-serving", 2, "argocd", "ml-models", false, false);

    private ArgoCdServerDouble argocd;
    private ArgoCdClient client;

    @BeforeEach
    void aClientBehindABreakerThatOpensAfterFourCallsHalfFailed() throws Exception {
        argocd = new ArgoCdServerDouble();
        Path token = Files.writeString(Files.createTempFile("argocd-token", ""), "proj-role-jwt");
        client = new ArgoCdClient(
                HttpClient.newHttpClient(),
                argocd.uri(),
                token,
                Duration.ofSeconds(2),
                new ObjectMapper(),
                new ArgoCdCircuitBreaker(argocd.uri(), 4, 0.5, Duration.ofMinutes(1)));
    }

    @AfterEach
    void stop() {
        argocd.close();
    }

    @Test
    void repeatedServerErrorsOpenTheBreakerAndTheNextCallFailsFastWithoutReachingArgoCd() {
        // Given argocd-server answered 503 to four rollbacks
        argocd.rollbackAnswers(503, "upstream connect error");
        for (int i = 0; i < 4; i++) {
            assertThat(client.rollback(BERT, TO_2)).isInstanceOf(ApiCall.Failed.class);
        }

        // When a fifth rollback is asked for
        ApiCall fifth = client.rollback(BERT, TO_2);

        // Then it fails at once as a transient open circuit, and Argo CD saw only the four
        assertThat(fifth).isInstanceOfSatisfying(ApiCall.Failed.class, failed -> {
            assertThat(failed.reason()).isEqualTo(ApiCall.Reason.CIRCUIT_OPEN);
            assertThat(failed.reason().isTransient()).isTrue();
            assertThat(failed.message())
                    .contains("circuit breaker", argocd.uri().toString());
        });
        assertThat(argocd.rollbacks()).hasSize(4);
    }

    @Test
    void argoCdsRefusalsAreAnswersAndNeverOpenTheBreaker() {
        // Given argocd-server refuses every rollback (auto-sync is on)
        argocd.rollbackAnswers(
                400, ArgoCdServerDouble.error(9, "rollback cannot be initiated when auto-sync is enabled"));

        // When six rollbacks are asked for
        for (int i = 0; i < 6; i++) {
            client.rollback(BERT, TO_2);
        }

        // Then every one reached Argo CD and got its refusal
        assertThat(argocd.rollbacks()).hasSize(6);
    }
}
