package dev.odpe.engine.adapter.rollback.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the client sends its requests, against the argocd-server double. */
class ArgoCdClientTest {

    private static final ApplicationRef BERT = new ApplicationRef("bert-serving", "argocd", "ml-models");

    @TempDir
    Path secrets;

    private final ObjectMapper json = new ObjectMapper();
    private ArgoCdServerDouble argocd;
    private Path token;

    @BeforeEach
    void start() throws IOException {
        argocd = new ArgoCdServerDouble("/argocd");
        argocd.application("{\"metadata\":{\"name\":\"bert-serving\"}}");
        token = Files.writeString(secrets.resolve("token"), "proj-role-jwt\n");
    }

    @AfterEach
    void stop() {
        argocd.close();
    }

    @Test
    void givenArgoCdServedBelowARootPathWhenTheApplicationIsReadThenTheRequestKeepsThePrefix() {
        // Given argocd-server runs with --rootpath /argocd and the URL configured is …/argocd
        ArgoCdClient client = client(argocd.uri());

        // When the Application is read
        ApiCall call = client.application(BERT);

        // Then the request went below the prefix, and Argo CD answered it
        assertThat(argocd.requests)
                .singleElement()
                .satisfies(request -> assertThat(request.path()).isEqualTo("/argocd/api/v1/applications/bert-serving"));
        assertThat(call).isInstanceOf(ApiCall.Ok.class);
    }

    @Test
    void givenTheRootPathConfiguredWithATrailingSlashWhenARollbackIsRequestedThenThePathHasNoDoubleSlash() {
        // Given the URL configured is …/argocd/
        ArgoCdClient client = client(URI.create(argocd.uri() + "/"));

        // When a rollback is requested
        client.rollback(BERT, new RollbackRequest("bert-serving", 2, "argocd", "ml-models", false, false));

        // Then it went to /argocd/api/v1/applications/bert-serving/rollback
        assertThat(argocd.rollbacks())
                .singleElement()
                .satisfies(request ->
                        assertThat(request.path()).isEqualTo("/argocd/api/v1/applications/bert-serving/rollback"));
    }

    private ArgoCdClient client(URI url) {
        return new ArgoCdClient(HttpClient.newHttpClient(), url, token, Duration.ofSeconds(2), json);
    }
}
