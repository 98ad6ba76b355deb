package dev.odpe.engine.evaluate;

import dev.odpe.rules.gate.PackGate;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Hot reload of {@code odpe.rules.dir}: every {@code odpe.rules.poll-interval} a hash over the pack's
 * {@code .drl} files and its {@code scenarios/} folder; when it changed, the directory passes the gate
 * again and, if it passes, is swapped in. Hashing content, not watching events: a ConfigMap mount
 * changes by swapping a symlink, which file events report unreliably. Idle while a Git repository is
 * the source ({@link RulePackProvider#remoteSource()}).
 */
@ApplicationScoped
public class RuleDirWatcher implements RuleSourceRefresh {

    private final RulesConfig config;
    private final RulePackProvider packs;
    private ScheduledExecutorService executor;
    /** Hash of the directory as last gated; only the watcher's thread touches it after start. */
    private String lastHash;

    public RuleDirWatcher(RulesConfig config, RulePackProvider packs) {
        this.config = config;
        this.packs = packs;
    }

    void onStart(@Observes StartupEvent event) {
        if (config.dir().isEmpty()) {
            return;
        }
        lastHash = hashQuietly(config.dir().get());
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odpe-rules-dir");
            t.setDaemon(true);
            return t;
        });
        long period = config.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::pollQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean enabled() {
        return config.dir().isPresent() && packs.remoteSource().isEmpty();
    }

    @Override
    public String describe() {
        return packs.localSource();
    }

    @Override
    public CompletionStage<RulePackProvider.Reload> refresh() {
        if (executor == null) {
            return CompletableFuture.completedFuture(RulePackProvider.Reload.UNCHANGED);
        }
        return CompletableFuture.supplyAsync(this::poll, executor);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException e) {
            Log.errorf(e, "Checking %s for rule changes failed; trying again in %s", describe(), config.pollInterval());
        }
    }

    private RulePackProvider.Reload poll() {
        if (!enabled()) {
            return RulePackProvider.Reload.UNCHANGED;
        }
        Path dir = config.dir().get();
        String hash;
        try {
            hash = hash(dir);
        } catch (IOException | UncheckedIOException e) {
            packs.sourceFailed(describe(), "cannot read the directory: " + e.getMessage());
            return RulePackProvider.Reload.FAILED;
        }
        if (hash.equals(lastHash)) {
            packs.unchanged();
            return RulePackProvider.Reload.UNCHANGED;
        }
        lastHash = hash;
        Log.infof("Rule files in %s changed; gating them", dir.toAbsolutePath());
        return packs.offer(describe(), null, PackGate.check(dir));
    }

    private static String hashQuietly(Path dir) {
        try {
            return hash(dir);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** SHA-256 over the relative names and bytes of the pack's files, in name order. */
    static String hash(Path dir) throws IOException {
        MessageDigest digest = sha256();
        for (Path file : packFiles(dir)) {
            byte[] name = dir.relativize(file).toString().getBytes(StandardCharsets.UTF_8);
            byte[] content = Files.readAllBytes(file);
            digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(name.length).array());
            digest.update(name);
            digest.update(
                    ByteBuffer.allocate(Integer.BYTES).putInt(content.length).array());
            digest.update(content);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The .drl files directly in {@code dir} and every file under {@code scenarios/}; hidden entries skipped. */
    private static List<Path> packFiles(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(dir)) {
            files = new ArrayList<>(entries.filter(f ->
                            Files.isRegularFile(f) && f.getFileName().toString().endsWith(".drl"))
                    .toList());
        }
        Path scenarios = dir.resolve(PackGate.SCENARIOS_DIR);
        if (Files.isDirectory(scenarios)) {
            try (Stream<Path> entries = Files.walk(scenarios, FileVisitOption.FOLLOW_LINKS)) {
                entries.filter(Files::isRegularFile)
                        .filter(f -> !scenarios.relativize(f).toString().startsWith("."))
                        .forEach(files::add);
            }
        }
        files.sort(null);
        return files;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }
}
