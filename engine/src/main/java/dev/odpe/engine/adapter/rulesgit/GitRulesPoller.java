package dev.odpe.engine.adapter.rulesgit;

import dev.odpe.engine.evaluate.RulePackProvider;
import dev.odpe.engine.evaluate.RulePackProvider.Reload;
import dev.odpe.engine.evaluate.RuleSourceRefresh;
import dev.odpe.rules.gate.GateResult;
import dev.odpe.rules.gate.PackGate;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.lib.ObjectId;

/**
 * Polls the rules repository on its own thread ({@code odpe-rules-git}): fetch; when the branch head is a
 * commit not gated yet, export it, run the gate and offer the result (the evaluation thread swaps a pack
 * that passed in between two batches; one that failed leaves the last good pack active). The shadow ref
 * is gated the same way and offered as the shadow pack. The first look happens during start-up, before
 * the evaluation thread starts, so a good commit is the first pack that runs.
 */
@ApplicationScoped
public class GitRulesPoller implements RuleSourceRefresh {

    /** After the unknown-keys check (100), before the evaluation loop (default 2500) loads its first pack. */
    private static final int BEFORE_EVALUATION = 200;

    private static final Duration MIN_POLL_INTERVAL = Duration.ofMillis(100);

    private final RulesGitConfig config;
    private final RulesShadowConfig shadow;
    private final RulePackProvider packs;
    private RulesRepository repository;
    private ScheduledExecutorService executor;
    /** Last commits gated (whatever the result), so a rejected commit is not gated again every poll. */
    private ObjectId lastGated;

    private ObjectId lastShadowGated;

    public GitRulesPoller(RulesGitConfig config, RulesShadowConfig shadow, RulePackProvider packs) {
        this.config = config;
        this.shadow = shadow;
        this.packs = packs;
    }

    void onStart(@Observes @Priority(BEFORE_EVALUATION) StartupEvent event) {
        if (config.url().isEmpty()) {
            if (shadow.ref().isPresent()) {
                throw new IllegalStateException(
                        "odpe.rules.shadow.ref=" + shadow.ref().get()
                                + " is invalid: a shadow pack comes from the rules repository, set odpe.rules.git.url");
            }
            return;
        }
        validate();
        repository = new RulesRepository(
                config.url().get(), config.workDir(), config.username(), config.tokenFile(), config.timeout());
        packs.remoteSource(describe());
        syncQuietly();
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odpe-rules-git");
            t.setDaemon(true);
            return t;
        });
        long period = config.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::syncQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (repository != null) {
            repository.close();
        }
    }

    @Override
    public boolean enabled() {
        return repository != null;
    }

    @Override
    public String describe() {
        return "git " + config.url().map(URI::toString).orElse("(none)") + " (branch " + config.branch()
                + config.path().map(p -> ", path " + p).orElse("") + ")";
    }

    @Override
    public CompletionStage<Reload> refresh() {
        if (executor == null) {
            return CompletableFuture.completedFuture(Reload.UNCHANGED);
        }
        return CompletableFuture.supplyAsync(this::sync, executor);
    }

    private void syncQuietly() {
        try {
            sync();
        } catch (RuntimeException e) {
            Log.errorf(e, "Looking for new rules in %s failed; trying again in %s", describe(), config.pollInterval());
        }
    }

    /** One look: fetch, then gate and offer the branch head and the shadow ref if they are new. */
    synchronized Reload sync() {
        try {
            repository.fetch(shadow.ref());
        } catch (GitAPIException | IOException | JGitInternalException e) {
            packs.sourceFailed(describe(), "fetch failed: " + e.getMessage());
            return Reload.FAILED;
        }
        Reload result;
        try {
            result = syncBranch();
        } catch (IOException e) {
            packs.sourceFailed(describe(), "reading the fetched commit failed: " + e.getMessage());
            result = Reload.FAILED;
        }
        if (shadow.ref().isPresent()) {
            try {
                syncShadow(shadow.ref().get());
            } catch (IOException e) {
                Log.warnf("Reading shadow ref %s failed: %s", shadow.ref().get(), e.getMessage());
            }
        }
        return result;
    }

    private Reload syncBranch() throws IOException {
        Optional<ObjectId> head = repository.resolve(config.branch());
        if (head.isEmpty()) {
            packs.sourceFailed(describe(), "branch " + config.branch() + " does not exist in the repository");
            return Reload.FAILED;
        }
        if (head.get().equals(lastGated)) {
            packs.unchanged();
            return Reload.UNCHANGED;
        }
        lastGated = head.get();
        GateResult gate = gate(head.get());
        return packs.offer(describe(), head.get().name(), gate);
    }

    private void syncShadow(String ref) throws IOException {
        Optional<ObjectId> commit = repository.resolve(ref);
        if (commit.isEmpty()) {
            Log.warnf("Shadow ref %s names no commit in %s", ref, describe());
            return;
        }
        if (commit.get().equals(lastShadowGated)) {
            return;
        }
        lastShadowGated = commit.get();
        packs.offerShadow(
                describe().replace("(branch " + config.branch(), "(ref " + ref),
                commit.get().name(),
                gate(commit.get()));
    }

    /** Exports the commit's rule folder to a scratch directory, gates it, and deletes the copy. */
    private GateResult gate(ObjectId commit) throws IOException {
        Path export = config.workDir().resolve("export-" + commit.name());
        RulesRepository.delete(export);
        try {
            repository.export(commit, config.path(), export);
            return PackGate.check(export);
        } finally {
            RulesRepository.delete(export);
        }
    }

    /** Settings a poller cannot work with stop start-up, naming the key. */
    private void validate() {
        URI url = config.url().get();
        String scheme = String.valueOf(url.getScheme());
        if (!scheme.equals("https") && !scheme.equals("file")) {
            throw invalid("url", url.toString(), "use an https:// or file:// URL");
        }
        if (url.getUserInfo() != null) {
            throw invalid(
                    "url",
                    scheme + "://…@" + url.getHost(),
                    "no credentials in the URL; set odpe.rules.git.username and odpe.rules.git.token-file");
        }
        config.path().ifPresent(path -> {
            if (path.startsWith("/") || Path.of(path).normalize().startsWith("..")) {
                throw invalid("path", path, "a folder inside the repository, relative to its root");
            }
        });
        if (config.pollInterval().compareTo(MIN_POLL_INTERVAL) < 0) {
            throw invalid("poll-interval", config.pollInterval().toString(), "at least " + MIN_POLL_INTERVAL);
        }
        config.tokenFile().ifPresent(file -> {
            if (!Files.isReadable(file)) {
                throw invalid("token-file", file.toString(), "the file cannot be read");
            }
        });
    }

    private static IllegalStateException invalid(String key, String value, String why) {
        return new IllegalStateException("odpe.rules.git." + key + "=" + value + " is invalid: " + why);
    }
}
