package dev.odpe.engine.adapter.rulesgit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The Git repository rule packs come from. See docs/operations/rules-from-git.md. */
@ConfigMapping(prefix = "odpe.rules.git")
public interface RulesGitConfig {

    /** Clone URL ({@code https://…}, or {@code file:///…} for a repository on disk); unset: no Git source. */
    Optional<URI> url();

    /** The branch whose head is the active pack (once it passes the gate). */
    @WithDefault("main")
    String branch();

    /** Folder of the {@code .drl} files inside the repository (its {@code scenarios/} next to them); unset: the root. */
    Optional<String> path();

    /** How often the repository is fetched; {@code POST /api/v1/rules/refresh} fetches at once. */
    @WithDefault("30s")
    Duration pollInterval();

    /** HTTPS user name sent with the token (GitHub and GitLab accept any, e.g. {@code odpe}). */
    @WithDefault("odpe")
    String username();

    /** File holding the HTTPS token or password (mounted from a Secret), re-read on every fetch; unset: none. */
    Optional<Path> tokenFile();

    /** The scratch clone and the exported commits live under here (an emptyDir in Kubernetes). */
    @WithDefault("/tmp/odpe-rules-git")
    Path workDir();

    /** Per fetch. */
    @WithDefault("30s")
    Duration timeout();
}
