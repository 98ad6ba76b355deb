package dev.odpe.engine.adapter.rollback.git;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult.Status;
import dev.odpe.engine.adapter.rollback.strategy.ValuesPin;
import dev.odpe.rules.action.RollbackModel;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The git-pin strategy against a real bare repository on disk, with JGit on both sides. */
class GitPinStrategyTest {

    private static final String FILE = "apps/bert/values.yaml";
    private static final ValuesPin PIN = new ValuesPin(FILE, "model.version");
    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path root;

    private GitOpsRemote remote;

    @BeforeEach
    void aRepositoryWhereBertWentFrom6To7To8() throws Exception {
        remote = new GitOpsRemote(root);
        remote.commit(FILE, values("6"), "bert 6");
        remote.commit("README.md", "GitOps\n", "readme");
        remote.commit(FILE, values("7"), "bert 7");
        remote.commit(FILE, values("8"), "bert 8");
    }

    @AfterEach
    void close() {
        remote.close();
    }

    @Test
    void pinsTheLastGoodVersionInOneCommitCarryingTheDecisionAndReason() throws Exception {
        // When version 8 is pinned away for decision d-1
        RollbackResult result = strategy(() -> {}).pin("d-1", BERT_8, PIN, false);

        // Then the remote says 7 in exactly that line, in one commit naming the decision and the reason
        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(remote.fileOnRemote(FILE)).isEqualTo(values("7"));
        RevCommit pinned = remote.log().get(0);
        assertThat(pinned.getFullMessage())
                .startsWith("odpe: roll back ml-serving/bert to version 7 (away from 8)")
                .contains("Reason: errors", "ODPE-Decision: d-1", "ODPE-Model: ml-serving/bert");
        assertThat(pinned.getAuthorIdent().getName()).isEqualTo("odpe");
        assertThat(result.request()).contains("-  version: 8", "+  version: 7");
        assertThat(result.detail())
                .contains("committed " + pinned.abbreviate(12).name());
    }

    @Test
    void dryRunRecordsTheDiffAndPushesNothing() throws Exception {
        // Given the remote's head
        RevCommit before = remote.log().get(0);

        // When the pin runs in dry-run
        RollbackResult result = strategy(() -> {}).pin("d-1", BERT_8, PIN, true);

        // Then the exact diff is recorded and the remote is unchanged
        assertThat(result.status()).isEqualTo(Status.WOULD_ROLL_BACK);
        assertThat(result.request()).contains("--- a/" + FILE, "+++ b/" + FILE, "-  version: 8", "+  version: 7");
        assertThat(remote.log().get(0)).isEqualTo(before);
    }

    @Test
    void aConcurrentCommitForcesFetchReapplyAndRetryOnTopOfIt() throws Exception {
        // Given a teammate pushes another change between ODPE's commit and its push (once)
        AtomicInteger pushes = new AtomicInteger();
        GitPinStrategy strategy = strategy(() -> {
            if (pushes.getAndIncrement() == 0) {
                remote.commit("apps/bert/notes.md", "load test next week\n", "teammate's change");
            }
        });

        // When version 8 is pinned away
        RollbackResult result = strategy.pin("d-1", BERT_8, PIN, false);

        // Then the first push was refused, and the re-applied pin sits on top of the teammate's commit
        assertThat(result.status()).isEqualTo(Status.ROLLED_BACK);
        assertThat(pushes).hasValue(2);
        assertThat(remote.log().get(0).getFullMessage()).contains("ODPE-Decision: d-1");
        assertThat(remote.log().get(1).getFullMessage()).isEqualTo("teammate's change");
        assertThat(remote.fileOnRemote(FILE)).isEqualTo(values("7"));
    }

    @Test
    void aConcurrentRollbackByATeammateLeavesNothingToDo() throws Exception {
        // Given a teammate pins 7 themselves between ODPE's commit and its push
        GitPinStrategy strategy = strategy(() -> {
            if (!remote.fileOnRemote(FILE).equals(values("7"))) {
                remote.commit(FILE, values("7"), "teammate rolls back bert");
            }
        });

        // When version 8 is pinned away
        RollbackResult result = strategy.pin("d-1", BERT_8, PIN, false);

        // Then ODPE's retry finds the file already away from 8 and adds no commit
        assertThat(result.status()).isEqualTo(Status.ALREADY_AWAY);
        assertThat(remote.log().get(0).getFullMessage()).isEqualTo("teammate rolls back bert");
    }

    @Test
    void aDecisionAlreadyCommittedIsNeverCommittedAgainEvenIfVersion8CameBack() throws Exception {
        // Given decision d-1 was pinned, and then someone deployed 8 again
        strategy(() -> {}).pin("d-1", BERT_8, PIN, false);
        remote.commit(FILE, values("8"), "bert 8 again");

        // When decision d-1 is applied again (a retry, a restart)
        RollbackResult result = strategy(() -> {}).pin("d-1", BERT_8, PIN, false);

        // Then nothing is committed: the earlier commit of d-1 is named
        assertThat(result.status()).isEqualTo(Status.ALREADY_AWAY);
        assertThat(result.detail()).contains("already committed");
        assertThat(remote.log().get(0).getFullMessage()).isEqualTo("bert 8 again");
    }

    @Test
    void noOtherVersionInTheFilesHistoryIsNoGoodVersion() throws Exception {
        // Given gpt's values file has only ever said version 1
        remote.commit("apps/gpt/values.yaml", values("1"), "gpt 1");

        // When version 1 is pinned away
        RollbackResult result = strategy(() -> {})
                .pin(
                        "d-2",
                        new RollbackModel("ml-serving", "gpt", "1", "errors"),
                        new ValuesPin("apps/gpt/values.yaml", "model.version"),
                        false);

        // Then there is nothing to go back to, and nothing was committed
        assertThat(result.status()).isEqualTo(Status.NO_GOOD_VERSION);
        assertThat(remote.log().get(0).getFullMessage()).isEqualTo("gpt 1");
    }

    @Test
    void aMissingKeyIsAPermanentFailureNamingFileAndKey() {
        // When the mapping names a key the file does not have
        RollbackResult result = strategy(() -> {}).pin("d-1", BERT_8, new ValuesPin(FILE, "model.tag"), false);

        // Then it fails permanently, saying where it looked
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.retryable()).isFalse();
        assertThat(result.detail()).contains(FILE, "model.tag");
    }

    @Test
    void anUnreachableRemoteIsATransientFailure() {
        // Given a remote nobody listens on
        GitRepo unreachable = repo(URI.create("http://127.0.0.1:1/gitops.git"));

        // When version 8 is pinned away
        RollbackResult result = new GitPinStrategy(unreachable, CLOCK).pin("d-1", BERT_8, PIN, false);

        // Then the failure is transient (a retry may reach it)
        assertThat(result.status()).isEqualTo(Status.FAILED);
        assertThat(result.retryable()).isTrue();
    }

    private GitPinStrategy strategy(GitPinStrategy.BeforePush beforePush) {
        return new GitPinStrategy(repo(remote.bare.toUri()), CLOCK, beforePush);
    }

    private GitRepo repo(URI url) {
        return new GitRepo(
                url,
                GitOpsRemote.BRANCH,
                root.resolve("odpe-work"),
                "odpe",
                Optional.empty(),
                "odpe",
                "odpe@example.com",
                3,
                Duration.ofSeconds(5),
                200);
    }

    private static String values(String version) {
        return """
                # bert on Triton
                model:
                  name: bert
                  version: %s
                """.formatted(version);
    }
}
