package dev.odpe.engine.adapter.rollback.git;

import dev.odpe.engine.adapter.rollback.strategy.Redaction;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The GitOps repository the git-pin strategy commits to, and how ODPE talks to it.
 *
 * @param url          clone URL ({@code https://…}, or {@code file:///…} for a repository on disk)
 * @param branch       the branch Argo CD tracks ({@code targetRevision})
 * @param workDir      ODPE's own clone lives under here (scratch: reset to the remote before each use)
 * @param username     HTTPS user name sent with the token (GitHub and GitLab accept any, e.g. {@code odpe})
 * @param tokenFile    HTTPS token or password file, re-read on every push/fetch; empty: no credentials
 * @param authorName   author and committer of the pin commits
 * @param authorEmail  their e-mail
 * @param pushAttempts tries when the push is not a fast-forward (someone committed meanwhile)
 * @param timeout      per fetch/clone/push
 * @param historyDepth commits that touched the values file searched for the last good version and
 *                     for a commit of the same decision
 */
public record GitRepo(
        URI url,
        String branch,
        Path workDir,
        String username,
        Optional<Path> tokenFile,
        String authorName,
        String authorEmail,
        int pushAttempts,
        Duration timeout,
        int historyDepth) {

    public GitRepo {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(workDir, "workDir");
        Objects.requireNonNull(tokenFile, "tokenFile");
        if (pushAttempts < 1 || historyDepth < 1) {
            throw new IllegalArgumentException("pushAttempts and historyDepth must be at least 1");
        }
    }

    @Override
    public String toString() {
        return Redaction.url(url) + " (branch " + branch + ")";
    }
}
