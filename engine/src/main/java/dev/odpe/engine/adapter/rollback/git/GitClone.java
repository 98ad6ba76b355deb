package dev.odpe.engine.adapter.rollback.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * ODPE's scratch clone of the GitOps repository: cloned once under the work directory, then fetched
 * and hard-reset to the remote branch before every use (nothing local is ever worth keeping), and
 * pushed to. Credentials (HTTPS token) are read from their file on every remote call.
 */
final class GitClone {

    private final GitRepo repo;
    private final Path directory;

    GitClone(GitRepo repo) {
        this.repo = repo;
        this.directory = repo.workDir().resolve(nameFor(repo));
    }

    Git open() throws GitAPIException, IOException {
        if (Files.isDirectory(directory.resolve(".git"))) {
            return Git.open(directory.toFile());
        }
        Files.createDirectories(directory.getParent());
        return authenticated(Git.cloneRepository()
                        .setURI(repo.url().toString())
                        .setBranch(repo.branch())
                        .setDirectory(directory.toFile()))
                .call();
    }

    /** Fetch, then make the branch and the work tree exactly the remote's. */
    void resetToRemote(Git git) throws GitAPIException, IOException {
        authenticated(git.fetch().setRemote("origin").setRemoveDeletedRefs(true))
                .call();
        git.checkout().setName(repo.branch()).setForced(true).call();
        git.reset()
                .setMode(ResetCommand.ResetType.HARD)
                .setRef("refs/remotes/origin/" + repo.branch())
                .call();
    }

    /** Pushes the branch; the status of the remote ref (non-fast-forward is the caller's retry case). */
    RemoteRefUpdate.Status push(Git git) throws GitAPIException, IOException {
        String ref = "refs/heads/" + repo.branch();
        Iterable<PushResult> results = authenticated(
                        git.push().setRemote("origin").setRefSpecs(new RefSpec(ref + ":" + ref)))
                .call();
        for (PushResult result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(ref);
            if (update != null) {
                return update.getStatus();
            }
        }
        return RemoteRefUpdate.Status.NOT_ATTEMPTED;
    }

    /** Authentication and authorisation failures: retrying with the same token cannot help. */
    static boolean isAccessDenied(TransportException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("not authorized")
                || message.contains("authentication")
                || message.contains("not permitted")
                || message.contains("403")
                || message.contains("401")
                || message.contains("repository not found");
    }

    private <C extends TransportCommand<C, ?>> C authenticated(C command) throws IOException {
        command.setTimeout((int) Math.max(1, repo.timeout().toSeconds()));
        if (repo.tokenFile().isPresent()) {
            String token = Files.readString(repo.tokenFile().get(), StandardCharsets.UTF_8)
                    .strip();
            command.setCredentialsProvider(new UsernamePasswordCredentialsProvider(repo.username(), token));
        }
        return command;
    }

    /** A stable directory name per repository URL and branch, without the URL's characters. */
    private static String nameFor(GitRepo repo) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((repo.url() + "#" + repo.branch()).getBytes(StandardCharsets.UTF_8));
            return "repo-" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
