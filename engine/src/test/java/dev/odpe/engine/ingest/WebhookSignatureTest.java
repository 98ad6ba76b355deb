package dev.odpe.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.http.ProblemException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookSignatureTest {

    private static final byte[] BODY = "{\"version\":\"4\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void givenNoSecretFileWhenAnUnsignedBodyArrivesThenItIsAccepted() {
        WebhookSignature signature = new WebhookSignature(Optional.empty());

        assertThat(signature.required()).isFalse();
        assertThatCode(() -> signature.check(null, BODY)).doesNotThrowAnyException();
    }

    @Test
    void givenGithubsPublishedExampleWhenSignedThenTheSameHexComesOut() {
        // docs.github.com "Validating webhook deliveries": secret "It's a Secret to Everybody", body "Hello, World!"
        String hex = WebhookSignature.sign(
                "It's a Secret to Everybody".getBytes(StandardCharsets.UTF_8),
                "Hello, World!".getBytes(StandardCharsets.UTF_8));

        assertThat(hex).isEqualTo("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void givenASecretFileWhenTheSignatureMatchesTheRawBytesThenTheBodyIsAccepted() throws IOException {
        WebhookSignature signature = new WebhookSignature(Optional.of(secret("s3cret\n")));
        String header = "sha256=" + WebhookSignature.sign("s3cret".getBytes(StandardCharsets.UTF_8), BODY);

        assertThatCode(() -> signature.check(header, BODY)).doesNotThrowAnyException();
        assertThatCode(() -> signature.check(header.toUpperCase(), BODY)).doesNotThrowAnyException();
    }

    @Test
    void givenASecretFileWhenTheSignatureIsMissingMalformedOrWrongThenA401NamesTheHeader() throws IOException {
        WebhookSignature signature = new WebhookSignature(Optional.of(secret("s3cret")));
        String otherBody = "sha256="
                + WebhookSignature.sign(
                        "s3cret".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));

        for (String header : new String[] {null, "", "sha1=abc", "sha256=zz", "sha256=", otherBody}) {
            assertThatThrownBy(() -> signature.check(header, BODY))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.problem().status()).isEqualTo(401);
                        assertThat(e.problem().detail()).contains(WebhookSignature.HEADER);
                        assertThat(e.headers()).containsKey("WWW-Authenticate");
                    });
        }
    }

    @Test
    void givenASecretFileWhenItIsRotatedThenBodiesSignedWithTheNewSecretAreAccepted() throws IOException {
        Path file = secret("first");
        WebhookSignature signature = new WebhookSignature(Optional.of(file));

        Files.writeString(file, "second");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(60)));

        String newHeader = "sha256=" + WebhookSignature.sign("second".getBytes(StandardCharsets.UTF_8), BODY);
        String oldHeader = "sha256=" + WebhookSignature.sign("first".getBytes(StandardCharsets.UTF_8), BODY);
        assertThatCode(() -> signature.check(newHeader, BODY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> signature.check(oldHeader, BODY)).isInstanceOf(ProblemException.class);
    }

    @Test
    void givenAnUnreadableSecretFileWhenStartingThenStartUpFailsNamingTheKey() {
        Path missing = dir.resolve("missing");

        assertThatThrownBy(() -> new WebhookSignature(Optional.of(missing)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("odpe.webhook.hmac-secret-file=" + missing);
    }

    private Path secret(String content) throws IOException {
        return Files.writeString(dir.resolve("hmac-" + content.strip()), content);
    }
}
