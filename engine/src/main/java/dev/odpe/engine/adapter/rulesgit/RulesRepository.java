package dev.odpe.engine.adapter.rulesgit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * ODPE's scratch bare clone of the rules repository: fetched (nothing local is worth keeping), refs
 * resolved, and one commit's rule folder exported to a plain directory for the gate. The token is read
 * from its file on every fetch, so a rotated Secret needs no restart; it is never logged.
 */
final class RulesRepository implements AutoCloseable {

    /** Where a full shadow ref (e.g. {@code refs/pull/42/head}) is fetched to. */
    private static final String SHADOW_REF = "refs/odpe/shadow";

    private final URI url;
    private final Path directory;
    private final String username;
    private final Optional<Path> tokenFile;
    private final Duration timeout;
    private Git git;

    RulesRepository(URI url, Path workDir, String username, Optional<Path> tokenFile, Duration timeout) {
        this.url = url;
        this.directory = workDir.resolve("repo.git");
        this.username = username;
        this.tokenFile = tokenFile;
        this.timeout = timeout;
    }

    /** Fetches every branch and tag, and {@code shadowRef} when it is a full ref outside those. */
    void fetch(Optional<String> shadowRef) throws GitAPIException, IOException {
        List<RefSpec> specs = new ArrayList<>(
                List.of(new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*")));
        shadowRef
                .filter(RulesRepository::isOtherFullRef)
                .ifPresent(ref -> specs.add(new RefSpec("+" + ref + ":" + SHADOW_REF)));
        FetchCommand fetch = open().fetch().setRemote(url.toString()).setRefSpecs(specs);
        fetch.setTimeout((int) Math.max(1, timeout.toSeconds()));
        if (tokenFile.isPresent()) {
            String token =
                    Files.readString(tokenFile.get(), StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new IOException(tokenFile.get() + " is empty");
            }
            fetch.setCredentialsProvider(new UsernamePasswordCredentialsProvider(username, token));
        }
        fetch.call();
    }

    /** The commit a branch, tag, full ref or (abbreviated) commit id names, as fetched; empty when none. */
    Optional<ObjectId> resolve(String ref) throws IOException {
        Repository repository = open().getRepository();
        List<String> candidates;
        if (isOtherFullRef(ref)) {
            candidates = List.of(SHADOW_REF);
        } else if (ref.startsWith("refs/heads/")) {
            candidates = List.of("refs/remotes/origin/" + ref.substring("refs/heads/".length()));
        } else {
            candidates = List.of("refs/remotes/origin/" + ref, "refs/tags/" + ref, ref);
        }
        for (String candidate : candidates) {
            ObjectId id = repository.resolve(candidate + "^{commit}");
            if (id != null) {
                return Optional.of(id);
            }
        }
        return Optional.empty();
    }

    /**
     * Writes the files under {@code path} (the repository root when empty) of {@code commit} into
     * {@code target}, keeping sub-folders: the {@code .drl} files and {@code scenarios/}. Symbolic links
     * and submodules are left out.
     */
    void export(ObjectId commit, Optional<String> path, Path target) throws IOException {
        Repository repository = open().getRepository();
        Files.createDirectories(target);
        try (RevWalk walk = new RevWalk(repository)) {
            RevCommit revCommit = walk.parseCommit(commit);
            ObjectId tree = revCommit.getTree();
            if (path.isPresent()) {
                try (TreeWalk sub = TreeWalk.forPath(repository, path.get(), tree)) {
                    if (sub == null || !sub.getFileMode(0).equals(FileMode.TREE)) {
                        return; // no such folder in this commit: the gate reports an empty pack
                    }
                    tree = sub.getObjectId(0);
                }
            }
            try (TreeWalk files = new TreeWalk(repository)) {
                files.addTree(tree);
                files.setRecursive(true);
                while (files.next()) {
                    FileMode mode = files.getFileMode(0);
                    if (!mode.equals(FileMode.REGULAR_FILE) && !mode.equals(FileMode.EXECUTABLE_FILE)) {
                        continue;
                    }
                    Path file = target.resolve(files.getPathString()).normalize();
                    if (!file.startsWith(target)) {
                        continue;
                    }
                    Files.createDirectories(file.getParent());
                    try (OutputStream out = Files.newOutputStream(file)) {
                        repository
                                .open(files.getObjectId(0), Constants.OBJ_BLOB)
                                .copyTo(out);
                    }
                }
            }
        }
    }

    /** Deletes an exported directory. */
    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.walk(dir)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    private Git open() throws IOException {
        if (git != null) {
            return git;
        }
        try {
            git = Files.isDirectory(directory.resolve("objects"))
                    ? Git.open(directory.toFile())
                    : Git.init().setBare(true).setDirectory(directory.toFile()).call();
        } catch (GitAPIException e) {
            throw new IOException("cannot create the scratch repository " + directory + ": " + e.getMessage(), e);
        }
        return git;
    }

    /** A full ref fetched on its own: {@code refs/…} but not a branch or tag (those are fetched anyway). */
    private static boolean isOtherFullRef(String ref) {
        return ref.startsWith("refs/") && !ref.startsWith("refs/heads/") && !ref.startsWith("refs/tags/");
    }

    @Override
    public void close() {
        if (git != null) {
            git.close();
        }
    }
}
