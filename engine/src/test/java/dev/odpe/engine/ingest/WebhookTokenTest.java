package dev.odpe.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.http.ProblemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookTokenTest {

    @TempDir
    Path dir;

    @Test
    void withoutTokenConfiguredNoAuthenticationIsRequired() {
        WebhookToken token = new WebhookToken(Optional.empty(), Optional.empty());

        assertThat(token.required()).isFalse();
        assertThatCode(() -> token.check(null)).doesNotThrowAnyException();
    }

    @Test
    void configuringBothTokenAndTokenFileFailsStartUpNamingBothKeys() {
        assertThatThrownBy(() -> new WebhookToken(Optional.of("s3cret"), Optional.of(dir.resolve("t"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("odpe.webhook.token")
                .hasMessageContaining("odpe.webhook.token-file");
    }

    @Test
    void unreadableTokenFileFailsStartUpNamingTheFile() {
        Path missing = dir.resolve("missing-token");

        assertThatThrownBy(() -> new WebhookToken(Optional.empty(), Optional.of(missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("odpe.webhook.token-file=" + missing);
    }

    @Test
    void emptyTokenFileFailsStartUp() throws IOException {
        Path empty = Files.writeString(dir.resolve("token"), "\n");

        assertThatThrownBy(() -> new WebhookToken(Optional.empty(), Optional.of(empty)))
                .hasMessageContaining("empty");
    }

    @Test
    void wrongOrMissingBearerTokenIsRefusedWithAChallenge() {
        WebhookToken token = new WebhookToken(Optional.of("s3cret"), Optional.empty());

        assertThatThrownBy(() -> token.check(null)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(401);
            assertThat(e.headers()).containsEntry("WWW-Authenticate", "Bearer realm=\"odpe\"");
        });
        assertThatThrownBy(() -> token.check("Bearer s3cre")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> token.check("Basic czNjcmV0")).hasMessageContaining("Bearer scheme");
        assertThatCode(() -> token.check("Bearer s3cret")).doesNotThrowAnyException();
        assertThatCode(() -> token.check("bearer s3cret")).doesNotThrowAnyException();
    }

    @Test
    void rotatedTokenFileIsPickedUpAndTheOldTokenStopsWorking() throws IOException {
        // Given a token file (trailing newline as kubectl create secret often leaves it)
        Path file = Files.writeString(dir.resolve("token"), "first-token\n");
        WebhookToken token = new WebhookToken(Optional.empty(), Optional.of(file));

        // When the Secret is rotated
        Files.writeString(file, "second-token");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));

        // Then the new token works and the old one is refused
        assertThatCode(() -> token.check("Bearer second-token")).doesNotThrowAnyException();
        assertThatThrownBy(() -> token.check("Bearer first-token")).isInstanceOf(ProblemException.class);
    }

    @Test
    void tokenFileThatDisappearsKeepsThePreviousToken() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "first-token");
        WebhookToken token = new WebhookToken(Optional.empty(), Optional.of(file));

        Files.delete(file);

        assertThatCode(() -> token.check("Bearer first-token")).doesNotThrowAnyException();
    }
}
