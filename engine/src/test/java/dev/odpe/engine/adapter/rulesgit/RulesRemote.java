package dev.odpe.engine.adapter.rulesgit;

import dev.odpe.rules.runtime.RulePackCompiler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.CreateBranchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.URIish;

/**
 * A real rules repository on disk for tests: a bare "remote" (what the engine fetches) and a rule
 * author's clone that commits and pushes to it, as a reviewed merge would.
 */
final class RulesRemote implements AutoCloseable {

    static final String MAIN = "main";
    static final String PATH = "rules";

    final Path bare;
    private final Git author;

    RulesRemote(Path root) throws GitAPIException, IOException {
        this.bare = root.resolve("rules.git");
        Git.init()
                .setBare(true)
                .setInitialBranch(MAIN)
                .setDirectory(bare.toFile())
                .call()
                .close();
        this.author = Git.init()
                .setInitialBranch(MAIN)
                .setDirectory(root.resolve("author").toFile())
                .call();
        author.remoteAdd()
                .setName("origin")
                .setUri(new URIish(bare.toUri().toURL()))
                .call();
    }

    /** The bundled default pack's files under {@code rules/}, with the default pack's scenario of a latency boost. */
    static Map<String, String> defaultPack() {
        Map<String, String> files = new LinkedHashMap<>();
        for (String name : RulePackCompiler.bundledFileNames()) {
            files.put(PATH + "/" + name, resource(RulePackCompiler.BUNDLED_PACK_DIR + name));
        }
        Path scenario = Path.of("..", "rules", "src", "test", "resources", "scenarios", "latency-breach-boosts-pool");
        try (Stream<Path> entries = Files.list(scenario)) {
            for (Path file : entries.toList()) {
                files.put(
                        PATH + "/scenarios/latency-breach-boosts-pool/" + file.getFileName(),
                        Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * Writes {@code files} (path → content) on {@code branch} (created from main when new), commits and
     * pushes; returns the commit.
     */
    RevCommit commit(String branch, Map<String, String> files, String message) throws GitAPIException, IOException {
        boolean empty = author.getRepository().resolve("HEAD") == null;
        if (!empty) {
            author.fetch().setRemote("origin").call();
            boolean exists = author.getRepository().resolve("refs/remotes/origin/" + branch) != null;
            author.checkout()
                    .setName(branch)
                    .setCreateBranch(author.getRepository().resolve("refs/heads/" + branch) == null)
                    .setUpstreamMode(CreateBranchCommand.SetupUpstreamMode.NOTRACK)
                    .setStartPoint("refs/remotes/origin/" + (exists ? branch : MAIN))
                    .setForced(true)
                    .call();
            author.reset()
                    .setMode(ResetCommand.ResetType.HARD)
                    .setRef("refs/remotes/origin/" + (exists ? branch : MAIN))
                    .call();
        }
        Path work = author.getRepository().getWorkTree().toPath();
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path path = work.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
        }
        author.add().addFilepattern(".").call();
        RevCommit commit = author.commit()
                .setAuthor("rule author", "rules@example.com")
                .setCommitter("rule author", "rules@example.com")
                .setSign(false)
                .setMessage(message)
                .call();
        author.push().setRemote("origin").add(branch).setForce(true).call();
        return commit;
    }

    /** The default pack's file {@code name} as committed on main last. */
    static String defaultFile(String name) {
        return resource(RulePackCompiler.BUNDLED_PACK_DIR + name);
    }

    private static String resource(String name) {
        try (InputStream in = RulesRemote.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        author.close();
    }
}
