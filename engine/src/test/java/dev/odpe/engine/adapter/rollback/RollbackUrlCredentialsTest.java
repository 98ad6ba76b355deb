package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.testing.ConfigStub;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** URLs with credentials in them fail start-up naming the key, never echoing the secret. */
class RollbackUrlCredentialsTest {

    @Test
    void givenAnArgoCdUrlWithCredentialsWhenStartingThenStartUpFailsNamingTheKeyButNotTheSecret() {
        RollbackConfig config =
                config(Optional.of(URI.create("https://admin:s3cret@argocd.example")), Optional.empty());

        assertThatThrownBy(() -> new ModelApplications(config))
                .hasMessageContaining("odpe.rollback.argocd.url")
                .hasMessageContaining("odpe.rollback.argocd.token-file")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("admin");
    }

    @Test
    void givenAGitUrlWithATokenWhenStartingThenStartUpFailsNamingTheKeyButNotTheToken() {
        RollbackConfig config =
                config(Optional.empty(), Optional.of(URI.create("https://ghp_t0ken@github.com/org/gitops.git")));

        assertThatThrownBy(() -> new ModelApplications(config))
                .hasMessageContaining("odpe.rollback.git.url")
                .hasMessageContaining("odpe.rollback.git.token-file")
                .hasMessageNotContaining("ghp_t0ken");
    }

    @Test
    void givenUrlsWithoutCredentialsWhenStartingThenTheyAreAccepted() {
        RollbackConfig config = config(
                Optional.of(URI.create("https://argocd.example/argocd")),
                Optional.of(URI.create("https://github.com/org/gitops.git")));

        assertThatCode(() -> new ModelApplications(config)).doesNotThrowAnyException();
    }

    private static RollbackConfig config(Optional<URI> argocdUrl, Optional<URI> gitUrl) {
        RollbackConfig.ArgoCd argocd =
                ConfigStub.of(RollbackConfig.ArgoCd.class, Map.of("url", argocdUrl, "tokenFile", Optional.empty()));
        RollbackConfig.Git git = ConfigStub.of(RollbackConfig.Git.class, Map.of("url", gitUrl));
        return ConfigStub.of(RollbackConfig.class, Map.of("argocd", argocd, "git", git, "models", Map.of()));
    }
}
