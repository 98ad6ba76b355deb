package dev.odpe.engine.adapter.rollback.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A real GitOps repository on disk for tests: a bare "remote" (what ODPE clones and pushes to) and a
 * developer's clone that commits to it, as a team member or a CI pipeline would.
 */
final class GitOpsRemote implements AutoCloseable {

    static final String BRANCH = "main";

    final Path bare;
    private final Git developer;

    GitOpsRemote(Path root) throws GitAPIException, IOException {
        this.bare = root.resolve("gitops.git");
        Git.init()
                .setBare(true)
                .setInitialBranch(BRANCH)
                .setDirectory(bare.toFile())
                .call()
                .close();
        Path work = root.resolve("developer");
        Git init =
                Git.init().setInitialBranch(BRANCH).setDirectory(work.toFile()).call();
        init.remoteAdd()
                .setName("origin")
                .setUri(new org.eclipse.jgit.transport.URIish(bare.toUri().toURL()))
                .call();
        this.developer = init;
    }

    /** Commits {@code content} as {@code file} and pushes it, after pulling what others pushed. */
    RevCommit commit(String file, String content, String message) throws GitAPIException, IOException {
        if (developer.getRepository().resolve(Constants.HEAD) != null) {
            developer.fetch().setRemote("origin").call();
            developer
                    .reset()
                    .setMode(org.eclipse.jgit.api.ResetCommand.ResetType.HARD)
                    .setRef("refs/remotes/origin/" + BRANCH)
                    .call();
        }
        Path path = developer.getRepository().getWorkTree().toPath().resolve(file);
        Files.createDirectories(path.getParent());
        Files.writeString(path, content, StandardCharsets.UTF_8);
        developer.add().addFilepattern(file).call();
        RevCommit commit = developer
                .commit()
                .setAuthor("dev", "dev@example.com")
                .setCommitter("dev", "dev@example.com")
                .setSign(false)
                .setMessage(message)
                .call();
        developer.push().setRemote("origin").add(BRANCH).call();
        return commit;
    }

    /** The file as the remote's branch has it now. */
    String fileOnRemote(String file) throws IOException {
        try (Git remote = Git.open(bare.toFile())) {
            ObjectId head = remote.getRepository().resolve("refs/heads/" + BRANCH);
            RevCommit commit = remote.getRepository().parseCommit(head);
            try (TreeWalk walk = TreeWalk.forPath(remote.getRepository(), file, commit.getTree())) {
                return new String(
                        remote.getRepository().open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    /** The remote branch's commits, newest first. */
    List<RevCommit> log() throws IOException, GitAPIException {
        try (Git remote = Git.open(bare.toFile())) {
            List<RevCommit> commits = new ArrayList<>();
            remote.log()
                    .add(remote.getRepository().resolve("refs/heads/" + BRANCH))
                    .call()
                    .forEach(commits::add);
            return commits;
        }
    }

    @Override
    public void close() {
        developer.close();
    }
}
