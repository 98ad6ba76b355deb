package dev.odpe.engine.rollback.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.rollback.argocd.RollbackResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strategy 2 against a real bare Git repository on disk, through JGit. */
class GitPinStrategyTest {

    private static final String VALUES = "models/bert/values.yaml";
    private static final String TEMPLATE = """
            # bert serving, managed by Argo CD
            replicaCount: 2
            model:
              name: bert
              version: "%s"   # pinned by release automation
            resources:
              limits:
                nvidia.com/gpu: 1
            """;

    @TempDir
    Path tmp;

    private Path bare;
    private GitValuesKey where;

    @BeforeEach
    void aGitOpsRepositoryThatServedVersions6Then7Then8() throws Exception {
        bare = tmp.resolve("gitops.git");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        try (Git seed = Git.init().setInitialBranch("main").setDirectory(tmp.resolve("seed").toFile()).call()) {
            for (String version : List.of("6", "7", "8")) {
                commit(seed, TEMPLATE.formatted(version), "release bert " + version);
            }
            seed.push().setRemote(bare.toUri().toString())
                    .setRefSpecs(new org.eclipse.jgit.transport.RefSpec("refs/heads/main:refs/heads/main")).call();
        }
        where = new GitValuesKey(bare.toUri(), "main", VALUES, "model.version");
    }

    @Test
    void pinsTheLastGoodVersionWithACommitCarryingTheDecision() throws Exception {
        // When version 8 is rolled back
        RollbackResult result = strategy(() -> { }).rollback(where, "bert", "8", "d-1", "errors", false);

        // Then the remote's newest commit sets version 7, touches only that line and names the decision
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ROLLED_BACK);
        RevCommit head = log().get(0);
        assertThat(head.getFullMessage()).contains("Roll back bert from version 8 to 7 (errors)", "ODPE-Decision: d-1");
        assertThat(fileOnRemote()).isEqualTo(TEMPLATE.formatted("7"));
    }

    @Test
    void aConcurrentCommitForcesARetryOnTopOfIt() throws Exception {
        // Given someone pushes an unrelated change while ODPE prepares its commit
        AtomicBoolean once = new AtomicBoolean();
        Runnable concurrentPush = () -> {
            if (once.compareAndSet(false, true)) {
                pushUnrelatedChange();
            }
        };

        // When version 8 is rolled back
        RollbackResult result = strategy(concurrentPush).rollback(where, "bert", "8", "d-2", "errors", false);

        // Then the rejected push was redone on top: both commits are on the remote, version 7 pinned
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ROLLED_BACK);
        assertThat(log()).extracting(RevCommit::getShortMessage).startsWith(
                "Roll back bert from version 8 to 7 (errors)", "scale bert to 3 replicas");
        assertThat(fileOnRemote()).contains("version: \"7\"", "replicaCount: 3");
    }

    @Test
    void aDecisionAlreadyCommittedIsNotCommittedTwice() throws Exception {
        // Given decision d-3 was pinned before (a retry, a restart)
        strategy(() -> { }).rollback(where, "bert", "8", "d-3", "errors", false);
        int commits = log().size();

        // When the same decision runs again
        RollbackResult again = strategy(() -> { }).rollback(where, "bert", "8", "d-3", "errors", false);

        // Then nothing new is committed
        assertThat(again.status()).isEqualTo(RollbackResult.Status.ALREADY_AWAY);
        assertThat(log()).hasSize(commits);
    }

    @Test
    void dryRunRecordsTheChangeAndPushesNothing() throws Exception {
        // When the rollback runs in dry-run
        RollbackResult result = strategy(() -> { }).rollback(where, "bert", "8", "d-4", "errors", true);

        // Then the diff is recorded and the remote is untouched
        assertThat(result.status()).isEqualTo(RollbackResult.Status.WOULD_ROLL_BACK);
        assertThat(result.request()).isEqualTo(VALUES + ": model.version: 8 -> 7");
        assertThat(log()).hasSize(3);
    }

    @Test
    void aFileAlreadyAwayFromTheBadVersionIsLeftAlone() throws Exception {
        // When version 5, which the file no longer pins, is rolled back
        RollbackResult result = strategy(() -> { }).rollback(where, "bert", "5", "d-5", "errors", false);

        // Then nothing is committed
        assertThat(result.status()).isEqualTo(RollbackResult.Status.ALREADY_AWAY);
        assertThat(log()).hasSize(3);
    }

    private GitPinStrategy strategy(Runnable beforePush) {
        return new GitPinStrategy(CredentialsProvider.getDefault(), "ODPE", "odpe@example.com", beforePush);
    }

    private void pushUnrelatedChange() {
        try (Git other = Git.cloneRepository().setURI(bare.toUri().toString())
                .setDirectory(tmp.resolve("other-" + System.nanoTime()).toFile()).call()) {
            commit(other, TEMPLATE.formatted("8").replace("replicaCount: 2", "replicaCount: 3"), "scale bert to 3 replicas");
            other.push().call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void commit(Git git, String content, String message) throws Exception {
        Path file = git.getRepository().getWorkTree().toPath().resolve(VALUES);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
        git.add().addFilepattern(VALUES).call();
        git.commit().setAuthor("Release Bot", "release@example.com").setCommitter("Release Bot", "release@example.com")
                .setMessage(message).call();
    }

    private List<RevCommit> log() throws Exception {
        try (Git remote = Git.open(bare.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            remote.log().call().forEach(commits::add);
            return commits;
        }
    }

    private String fileOnRemote() throws Exception {
        Path check = tmp.resolve("check-" + System.nanoTime());
        try (Git clone = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(check.toFile()).call()) {
            return Files.readString(check.resolve(VALUES), StandardCharsets.UTF_8);
        }
    }
}
