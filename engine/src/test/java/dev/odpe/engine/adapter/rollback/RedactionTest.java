package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.Redaction;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void givenAUrlWithUserInfoWhenRedactedThenOnlyTheCredentialsAreHidden() {
        assertThat(Redaction.url(URI.create("https://odpe:ghp_s3cret@github.com/org/gitops.git")))
                .isEqualTo("https://***@github.com/org/gitops.git");
        assertThat(Redaction.url(URI.create("https://github.com/org/gitops.git")))
                .isEqualTo("https://github.com/org/gitops.git");
    }

    @Test
    void givenTextWithSeveralUrlsWhenRedactedThenEveryUserInfoIsHiddenAndTheRestKept() {
        String text = "push to https://u:p@git.example/a.git failed; see http://ci.example/x?y=a@b and "
                + "\"repoURL\":\"https://token@charts.example/repo\", mail odpe@localhost";

        assertThat(Redaction.text(text))
                .isEqualTo("push to https://***@git.example/a.git failed; see http://ci.example/x?y=a@b and "
                        + "\"repoURL\":\"https://***@charts.example/repo\", mail odpe@localhost");
        assertThat(Redaction.text(null)).isNull();
    }

    @Test
    void givenAnApplicationSourceWithInlineHelmValuesWhenRedactedThenTheValuesAreHiddenAndThePinKept()
            throws Exception {
        JsonNode source = json.readTree("""
                {"repoURL":"https://deploy:tok3n@git.example/charts.git","targetRevision":"main",
                 "helm":{"parameters":[{"name":"model.version","value":"7"}],
                         "values":"db:\\n  password: hunter2\\n",
                         "valuesObject":{"apiKey":"sk-live-123"}}}""");

        String redacted = Redaction.source(source).toString();

        assertThat(redacted)
                .doesNotContain("hunter2", "sk-live-123", "tok3n")
                .contains("\"values\":\"<redacted>\"", "\"valuesObject\":\"<redacted>\"")
                .contains("\"value\":\"7\"", "https://***@git.example/charts.git");
        assertThat(source.toString()).contains("hunter2"); // the source itself is left alone
    }
}
