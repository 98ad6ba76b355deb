package dev.odpe.engine.adapter.rollback.git;

import dev.odpe.engine.adapter.rollback.strategy.ValuesPin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The commits of HEAD that touched one values file, newest first (at most {@code depth}): where the
 * last good version and an earlier commit of the same decision are looked up.
 */
final class ValuesHistory {

    /** A value the key had, and the commit (abbreviated) that set it. */
    record Version(String value, String commit) {}

    private final Repository repository;
    private final ValuesPin pin;
    private final List<RevCommit> commits;

    ValuesHistory(Repository repository, ValuesPin pin, int depth) throws IOException {
        this.repository = repository;
        this.pin = pin;
        this.commits = touching(repository, pin.file(), depth);
    }

    /** The newest commit whose message carries {@code trailer} (e.g. {@code ODPE-Decision: <id>}). */
    Optional<RevCommit> commitCarrying(String trailer) {
        return commits.stream()
                .filter(c -> c.getFullMessage().lines().anyMatch(l -> l.strip().equals(trailer)))
                .findFirst();
    }

    /** The newest value of the key, in the file's history, that is not {@code bad}. */
    Optional<Version> newestOtherThan(String bad) throws IOException {
        YamlScalar scalar = new YamlScalar(pin.key());
        for (RevCommit commit : commits) {
            Optional<String> text = fileAt(commit);
            Optional<String> value = text.flatMap(scalar::read);
            if (value.isPresent() && !value.get().equals(bad)) {
                return Optional.of(
                        new Version(value.get(), commit.abbreviate(12).name()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> fileAt(RevCommit commit) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repository, pin.file(), commit.getTree())) {
            if (walk == null) {
                return Optional.empty();
            }
            return Optional.of(new String(repository.open(walk.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<RevCommit> touching(Repository repository, String file, int depth) throws IOException {
        List<RevCommit> found = new ArrayList<>();
        ObjectId head = repository.resolve("HEAD");
        if (head == null) {
            return found;
        }
        try (RevWalk walk = new RevWalk(repository)) {
            walk.markStart(walk.parseCommit(head));
            walk.setRevFilter(RevFilter.ALL);
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(file), TreeFilter.ANY_DIFF));
            for (RevCommit commit : walk) {
                found.add(commit);
                if (found.size() >= depth) {
                    break;
                }
            }
        }
        return found;
    }
}
