package dev.odpe.engine.rollback.git;

import dev.odpe.engine.rollback.argocd.RollbackResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Strategy 2, GitOps-native (works with automated sync): in a fresh clone, set the model's version
 * key in its values file to the last version the file held before the bad one, commit with the
 * decision id and reason, push. Steps: clone → a commit for this decision already there? → current
 * value already away? → last good value from the file's history → edit one line → commit → push; a
 * non-fast-forward push (someone committed meanwhile) fetches, resets and redoes the steps.
 */
public class GitPinStrategy {

    static final String DECISION_TRAILER = "ODPE-Decision: ";
    private static final int PUSH_ATTEMPTS = 3;
    private static final int HISTORY_DEPTH = 500;

    private final CredentialsProvider credentials;
    private final String authorName;
    private final String authorEmail;
    private final Runnable beforePush;

    public GitPinStrategy(CredentialsProvider credentials, String authorName, String authorEmail) {
        this(credentials, authorName, authorEmail, () -> { });
    }

    /** {@code beforePush} runs before every push attempt: tests use it to commit concurrently. */
    GitPinStrategy(CredentialsProvider credentials, String authorName, String authorEmail, Runnable beforePush) {
        this.credentials = credentials;
        this.authorName = authorName;
        this.authorEmail = authorEmail;
        this.beforePush = beforePush;
    }

    public RollbackResult rollback(GitValuesKey where, String model, String badVersion, String decisionId,
            String reason, boolean dryRun) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("odpe-git-pin-");
            try (Git git = Git.cloneRepository().setURI(where.repository().toString()).setDirectory(dir.toFile())
                    .setBranch(where.branch()).setCredentialsProvider(credentials).call()) {
                return pin(git, dir, where, model, badVersion, decisionId, reason, dryRun);
            }
        } catch (GitAPIException | IOException e) {
            return new RollbackResult(RollbackResult.Status.FAILED, "git pin in " + where + " failed (transient): "
                    + e.getMessage(), null, true);
        } finally {
            deleteQuietly(dir);
        }
    }

    private RollbackResult pin(Git git, Path dir, GitValuesKey where, String model, String badVersion, String decisionId,
            String reason, boolean dryRun) throws GitAPIException, IOException {
        for (int attempt = 1; attempt <= PUSH_ATTEMPTS; attempt++) {
            Optional<RevCommit> done = commitFor(git, decisionId);
            if (done.isPresent()) {
                return new RollbackResult(RollbackResult.Status.ALREADY_AWAY, "commit " + done.get().abbreviate(8).name()
                        + " in " + where + " already carries decision " + decisionId + "; nothing to do", null, false);
            }
            Path file = dir.resolve(where.path());
            if (!Files.isRegularFile(file)) {
                return permanent("no file " + where.path() + " on " + where.branch() + " of " + where.repository());
            }
            String yaml = Files.readString(file, StandardCharsets.UTF_8);
            Optional<String> current = YamlValues.get(yaml, where.key());
            if (current.isEmpty()) {
                return permanent(where.path() + " has no scalar " + where.key());
            }
            if (!current.get().equals(badVersion)) {
                return new RollbackResult(RollbackResult.Status.ALREADY_AWAY, where + " already pins version "
                        + current.get() + ", not " + badVersion + "; nothing to do", null, false);
            }
            Optional<String> good = lastValueOtherThan(git, where, badVersion);
            if (good.isEmpty()) {
                return new RollbackResult(RollbackResult.Status.NO_GOOD_VERSION, "the history of " + where.path()
                        + " never held a version other than " + badVersion + " for " + where.key(), null, false);
            }
            String diff = where.path() + ": " + where.key() + ": " + badVersion + " -> " + good.get();
            if (dryRun) {
                return new RollbackResult(RollbackResult.Status.WOULD_ROLL_BACK, "dry-run: would commit " + diff
                        + " to " + where.repository() + " " + where.branch(), diff, false);
            }
            Files.writeString(file, YamlValues.set(yaml, where.key(), good.get()).orElseThrow(), StandardCharsets.UTF_8);
            git.add().addFilepattern(where.path()).call();
            RevCommit commit = git.commit().setAuthor(authorName, authorEmail).setCommitter(authorName, authorEmail)
                    .setMessage("Roll back " + model + " from version " + badVersion + " to " + good.get() + " ("
                            + reason + ")\n\n" + DECISION_TRAILER + decisionId + "\nODPE-Reason: " + reason + "\n")
                    .call();
            beforePush.run();
            if (pushed(git, where.branch())) {
                return new RollbackResult(RollbackResult.Status.ROLLED_BACK, "pushed " + commit.abbreviate(8).name()
                        + " to " + where.repository() + " " + where.branch() + ": " + diff, diff, false);
            }
            git.fetch().setCredentialsProvider(credentials).call(); // someone pushed first: start over on top of it
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef("origin/" + where.branch()).call();
        }
        return new RollbackResult(RollbackResult.Status.FAILED, "push to " + where + " was rejected " + PUSH_ATTEMPTS
                + " times (transient: others keep committing)", null, true);
    }

    private boolean pushed(Git git, String branch) throws GitAPIException {
        for (PushResult result : git.push().setCredentialsProvider(credentials)
                .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call()) {
            RemoteRefUpdate update = result.getRemoteUpdate("refs/heads/" + branch);
            if (update != null && update.getStatus() != RemoteRefUpdate.Status.OK
                    && update.getStatus() != RemoteRefUpdate.Status.UP_TO_DATE) {
                return false;
            }
        }
        return true;
    }

    private static Optional<RevCommit> commitFor(Git git, String decisionId) throws GitAPIException {
        for (RevCommit commit : git.log().setMaxCount(HISTORY_DEPTH).call()) {
            if (commit.getFullMessage().contains(DECISION_TRAILER + decisionId)) {
                return Optional.of(commit);
            }
        }
        return Optional.empty();
    }

    /** Newest first through the file's history: the first value of the key that is not the bad one. */
    private static Optional<String> lastValueOtherThan(Git git, GitValuesKey where, String badVersion)
            throws GitAPIException, IOException {
        for (RevCommit commit : git.log().addPath(where.path()).setMaxCount(HISTORY_DEPTH).call()) {
            try (TreeWalk walk = TreeWalk.forPath(git.getRepository(), where.path(), commit.getTree())) {
                if (walk == null) {
                    continue;
                }
                ObjectId blob = walk.getObjectId(0);
                String yaml = new String(git.getRepository().open(blob).getBytes(), StandardCharsets.UTF_8);
                Optional<String> value = YamlValues.get(yaml, where.key());
                if (value.isPresent() && !value.get().equals(badVersion)) {
                    return value;
                }
            }
        }
        return Optional.empty();
    }

    private static RollbackResult permanent(String why) {
        return new RollbackResult(RollbackResult.Status.FAILED, "git pin failed (permanent): " + why, null, false);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp clone is harmless
        }
    }
}
