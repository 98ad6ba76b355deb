package dev.odpe.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload of {@code odpe.rules.dir} laid out like a Kubernetes ConfigMap mount: the files are symlinks
 * through {@code ..data}, itself a symlink to a timestamped folder, and an update swaps {@code ..data}.
 */
class RuleDirWatcherTest {

    @TempDir
    Path mount;

    private RulePackProvider packs;
    private RuleDirWatcher watcher;
    private SimpleMeterRegistry meters;
    private int version;
    private ActivePack pending;

    @BeforeEach
    void startWithTheDefaultPack() throws IOException {
        publish(Map.of());
        for (String name : RulePackCompiler.bundledFileNames()) {
            Files.createSymbolicLink(mount.resolve(name), Path.of("..data", name));
        }
        RulesConfig config = ConfigStub.of(
                RulesConfig.class,
                Map.of(
                        "dir", Optional.of(mount),
                        "pollInterval", Duration.ofMillis(50),
                        "scaleStep", 2,
                        "boostTtl", Duration.ofMinutes(15),
                        "maxBoost", 8));
        meters = new SimpleMeterRegistry();
        packs = new RulePackProvider(config, new MutableClock(Instant.parse("2026-12-03T10:00:00Z")), meters);
        assertThat(packs.load()).isInstanceOf(RulePackProvider.LoadState.Loaded.class);
        watcher = new RuleDirWatcher(config, packs);
        watcher.onStart(null);
    }

    @AfterEach
    void stop() {
        watcher.onStop(null);
    }

    @Test
    void aConfigMapUpdateThatPassesTheGateIsOfferedForTheSwap() throws IOException {
        // Given the default pack active from the mount
        String before = packs.active().orElseThrow().version();

        // When the ConfigMap is updated with a reworded drift notice (a ..data symlink swap)
        publish(Map.of("drift-notify.drl", bundled("drift-notify.drl").replace("Input drift", "Drift")));

        // Then the new pack passed the gate and waits for the evaluation thread
        await().atMost(Duration.ofSeconds(20)).until(() -> (pending = packs.takePending()) != null);
        assertThat(pending.version()).isNotEqualTo(before);
        assertThat(pending.commit()).isNull();
        assertThat(pending.source()).contains(mount.toString());
    }

    @Test
    void aConfigMapUpdateWithAnEventTypeWithoutExpiresIsRejectedWithFileAndLine() throws IOException {
        // Given the default pack active from the mount
        // When the ConfigMap is updated with an event declaration that lost its @expires
        publish(Map.of("alert-events.drl", bundled("alert-events.drl").replace("@expires(26h)", "")));

        // Then it is rejected naming the file and the declaration's line, and nothing waits for a swap
        await().atMost(Duration.ofSeconds(20)).until(() -> packs.lastRejection().isPresent());
        assertThat(packs.lastRejection().get().gate().problems())
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.file()).isEqualTo("alert-events.drl");
                    assertThat(problem.line()).isPositive();
                    assertThat(problem.message()).contains("@expires");
                });
        assertThat(packs.takePending()).isNull();
        assertThat(meters.get("odpe.rules.reload")
                        .tag("result", "rejected")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    /** Writes a new timestamped folder with the default pack plus {@code changed} and swaps ..data to it. */
    private void publish(Map<String, String> changed) throws IOException {
        Path folder = Files.createDirectory(mount.resolve("..2026_12_03_" + (++version)));
        for (String name : RulePackCompiler.bundledFileNames()) {
            Files.writeString(folder.resolve(name), changed.getOrDefault(name, bundled(name)));
        }
        Path link = mount.resolve("..data_tmp");
        Files.createSymbolicLink(link, folder.getFileName());
        Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String bundled(String name) throws IOException {
        try (InputStream in = RuleDirWatcherTest.class
                .getClassLoader()
                .getResourceAsStream(RulePackCompiler.BUNDLED_PACK_DIR + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
