package dev.odpe.engine.adapter.rollback.git;

import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult.Status;
import dev.odpe.engine.adapter.rollback.strategy.RollbackStrategy;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.adapter.rollback.strategy.ValuesPin;
import dev.odpe.rules.action.RollbackModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Strategy 2, the GitOps-native rollback (works with automated sync): in ODPE's clone of the GitOps
 * repository set the model's version key back to the last good version, commit with the decision id
 * and reason, push; Argo CD then syncs the commit like any other. In named steps, repeated when the
 * push is not a fast-forward (someone committed meanwhile): fetch and reset → a commit of this
 * decision exists? done → the file already serves another version? done → find the last good version
 * in the file's history → edit one line → (dry-run: record the diff) → commit → push.
 * Never commits twice for one decision. Never throws: every ending is a {@link RollbackResult}.
 */
public class GitPinStrategy implements RollbackStrategy {

    /** The commit-message trailer that names the decision; searched for before every attempt. */
    public static final String DECISION_TRAILER = "ODPE-Decision: ";

    /** Runs between commit and push. Production: nothing; tests use it to commit concurrently. */
    @FunctionalInterface
    public interface BeforePush {
        void run() throws Exception;
    }

    private final GitRepo repo;
    private final GitClone clone;
    private final Clock clock;
    private final BeforePush beforePush;

    public GitPinStrategy(GitRepo repo, Clock clock) {
        this(repo, clock, () -> {});
    }

    public GitPinStrategy(GitRepo repo, Clock clock, BeforePush beforePush) {
        this.repo = repo;
        this.clone = new GitClone(repo);
        this.clock = clock;
        this.beforePush = beforePush;
    }

    @Override
    public StrategyKey key() {
        return StrategyKey.GIT_PIN;
    }

    @Override
    public RollbackResult rollback(String decisionId, RollbackModel action, ModelTarget target, boolean dryRun) {
        return pin(decisionId, action, target.values(), dryRun);
    }

    /** One clone per repository: pins of different models in it take turns. */
    public synchronized RollbackResult pin(String decisionId, RollbackModel action, ValuesPin pin, boolean dryRun) {
        String model = action.namespace() + "/" + action.model();
        try (Git git = clone.open()) {
            for (int attempt = 1; attempt <= repo.pushAttempts(); attempt++) {
                Optional<RollbackResult> ended = attempt(git, decisionId, action, model, pin, dryRun);
                if (ended.isPresent()) {
                    return ended.get();
                }
            }
            return new RollbackResult(
                    Status.FAILED,
                    "pushing the pin of " + model + " to " + repo + " was not a " + "fast-forward "
                            + repo.pushAttempts() + " times (others keep committing); not pinned",
                    null,
                    true);
        } catch (TransportException e) {
            boolean permanent = GitClone.isAccessDenied(e);
            return new RollbackResult(
                    Status.FAILED,
                    "talking to " + repo + " failed (" + (permanent ? "permanent" : "transient") + "): "
                            + e.getMessage(),
                    null,
                    !permanent);
        } catch (GitAPIException | IOException e) {
            return new RollbackResult(
                    Status.FAILED, "git-pin of " + model + " in " + repo + " failed (transient): " + e, null, true);
        }
    }

    /** One try; empty when the push was not a fast-forward and the whole attempt should be repeated. */
    private Optional<RollbackResult> attempt(
            Git git, String decisionId, RollbackModel action, String model, ValuesPin pin, boolean dryRun)
            throws GitAPIException, IOException {
        clone.resetToRemote(git);
        ValuesHistory history = new ValuesHistory(git.getRepository(), pin, repo.historyDepth());
        Optional<RevCommit> earlier = history.commitCarrying(DECISION_TRAILER + decisionId);
        if (earlier.isPresent()) {
            return done(
                    Status.ALREADY_AWAY,
                    "decision " + decisionId + " was already committed as "
                            + earlier.get().abbreviate(12).name() + "; not committing twice",
                    null);
        }
        Path file = git.getRepository().getWorkTree().toPath().resolve(pin.file());
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return permanent(
                    pin.file() + " does not exist in " + repo + " (check the values-file mapping of " + model + ")");
        }
        YamlScalar scalar = new YamlScalar(pin.key());
        Optional<String> live = scalar.read(text);
        if (live.isEmpty()) {
            return permanent(pin.file() + " in " + repo + " has no scalar " + pin.key() + " (check the values-key "
                    + "mapping of " + model + ")");
        }
        if (!live.get().equals(action.badVersion())) {
            return done(
                    Status.ALREADY_AWAY,
                    pin + " in " + repo + " already says " + live.get() + ", not " + action.badVersion()
                            + "; nothing to do",
                    null);
        }
        Optional<ValuesHistory.Version> good = history.newestOtherThan(action.badVersion());
        if (good.isEmpty()) {
            return done(
                    Status.NO_GOOD_VERSION,
                    "cannot pin " + model + " away from " + action.badVersion() + ": none of "
                            + "the last " + repo.historyDepth() + " commits touching " + pin.file() + " set "
                            + pin.key()
                            + " to another version",
                    null);
        }
        Files.writeString(file, scalar.set(text, good.get().value()).orElseThrow(), StandardCharsets.UTF_8);
        String diff = diff(git);
        String what = "pin " + pin + " to " + good.get().value() + " (as in "
                + good.get().commit() + ") in " + repo;
        if (dryRun) {
            clone.resetToRemote(git);
            return done(Status.WOULD_ROLL_BACK, "dry-run: would " + what, diff);
        }
        RevCommit commit = commit(git, decisionId, action, pin, good.get());
        try {
            beforePush.run();
        } catch (Exception e) {
            throw new IOException("before-push hook failed", e);
        }
        RemoteRefUpdate.Status pushed = clone.push(git);
        return switch (pushed) {
            case OK, UP_TO_DATE ->
                done(
                        Status.ROLLED_BACK,
                        "committed " + commit.abbreviate(12).name() + ": " + what
                                + "; Argo CD applies it on its next sync",
                        diff);
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> Optional.empty();
            default ->
                permanent("the remote refused the push of "
                        + commit.abbreviate(12).name() + " to " + repo + ": " + pushed
                        + " (a protected branch or a server hook?)");
        };
    }

    private RevCommit commit(
            Git git, String decisionId, RollbackModel action, ValuesPin pin, ValuesHistory.Version good)
            throws GitAPIException {
        PersonIdent odpe = new PersonIdent(repo.authorName(), repo.authorEmail(), clock.instant(), ZoneOffset.UTC);
        String message = "odpe: roll back " + action.namespace() + "/" + action.model() + " to version " + good.value()
                + " (away from " + action.badVersion() + ")\n\n"
                + "Reason: " + action.reason() + ". Sets " + pin.key() + " in " + pin.file() + " from "
                + action.badVersion() + " to " + good.value() + ", the value of commit " + good.commit() + ".\n\n"
                + DECISION_TRAILER + decisionId + "\n"
                + "ODPE-Model: " + action.namespace() + "/" + action.model() + "\n";
        return git.commit()
                .setOnly(pin.file())
                .setAuthor(odpe)
                .setCommitter(odpe)
                .setSign(false)
                .setMessage(message)
                .call();
    }

    private static String diff(Git git) throws GitAPIException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        git.diff().setOutputStream(out).call();
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Optional<RollbackResult> done(Status status, String detail, String diff) {
        return Optional.of(new RollbackResult(status, detail, diff, false));
    }

    private static Optional<RollbackResult> permanent(String detail) {
        return Optional.of(new RollbackResult(Status.FAILED, detail, null, false));
    }
}
