package dev.odpe.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.rules.action.Notify;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionSwapTest {

    private static final Path BUNDLED_SOURCE_DIR =
            Path.of("src/main/resources").resolve(RulePackCompiler.BUNDLED_PACK_DIR);
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final AlertSignal LATENCY =
            new AlertSignal("lat-1", "TritonP99LatencyHigh", Signal.LATENCY, "ml", "pool-a", null, null, "page", T0);
    private static final AlertSignal DRIFT =
            new AlertSignal("drift-1", "ModelInputDrift", Signal.DRIFT, "ml", null, "bert", "8", "warning", T0);

    @TempDir
    Path next;

    @Test
    void anIntentBothPacksDeriveIsKeptAndOneWhoseValueChangedIsWithdrawnAndEmittedAnew() throws IOException {
        // Given a session of the default pack holding a boost (latency) and a drift notice
        RuleSession old = withBoostAndNotice();
        // and a pack that only rewords the drift notice
        copyBundled();
        Path notify = next.resolve("drift-notify.drl");
        Files.writeString(notify, Files.readString(notify).replace("Input drift on model ", "Drift on model "));

        // When the session is swapped to that pack
        SessionSwap.Result swap =
                SessionSwap.swap(old, RulePackCompiler.compile(next), RulePackSettings.DEFAULTS, T0.plusSeconds(60));

        // Then the boost is kept without an outcome, and the notice is withdrawn and emitted in its new words
        assertThat(swap.keptIntents()).isEqualTo(1);
        assertThat(swap.carriedAlerts()).isEqualTo(2);
        assertThat(swap.outcomes()).hasSize(2).noneMatch(o -> o.action() instanceof ScalePool);
        assertThat(swap.outcomes().get(0)).isInstanceOf(RuleOutcome.Withdrawn.class);
        assertThat(((Notify) swap.outcomes().get(0).action()).message()).startsWith("Input drift on model");
        assertThat(swap.outcomes().get(1)).isInstanceOf(RuleOutcome.Emitted.class);
        assertThat(((Notify) swap.outcomes().get(1).action()).message()).startsWith("Drift on model");
        // and the new session holds the alerts: resolving one withdraws its intent there
        swap.session().resolve("lat-1");
        assertThat(swap.session().evaluate())
                .singleElement()
                .isInstanceOf(RuleOutcome.Withdrawn.class)
                .extracting(RuleOutcome::action)
                .isInstanceOf(ScalePool.class);
    }

    @Test
    void anIntentTheNewPackNoLongerDerivesIsWithdrawn() throws IOException {
        // Given a session of the default pack holding a boost and a drift notice
        RuleSession old = withBoostAndNotice();
        // and a pack without the drift notice rule
        copyBundled();
        Files.delete(next.resolve("drift-notify.drl"));

        // When the session is swapped to that pack
        SessionSwap.Result swap =
                SessionSwap.swap(old, RulePackCompiler.compile(next), RulePackSettings.DEFAULTS, T0.plusSeconds(60));

        // Then only the notice is withdrawn
        assertThat(swap.outcomes())
                .singleElement()
                .isInstanceOf(RuleOutcome.Withdrawn.class)
                .extracting(RuleOutcome::action)
                .isInstanceOf(Notify.class);
    }

    private static RuleSession withBoostAndNotice() {
        RuleSession old = RulePackCompiler.bundled().newSession(RulePackSettings.DEFAULTS);
        old.advanceTo(T0);
        old.fire(LATENCY);
        old.fire(DRIFT);
        assertThat(old.evaluate()).hasSize(2);
        return old;
    }

    private void copyBundled() throws IOException {
        try (Stream<Path> files = Files.list(BUNDLED_SOURCE_DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Files.copy(file, next.resolve(file.getFileName()));
            }
        }
    }
}
