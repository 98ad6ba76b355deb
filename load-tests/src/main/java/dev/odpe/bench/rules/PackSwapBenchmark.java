package dev.odpe.bench.rules;

import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.rules.runtime.RuleSession;
import dev.odpe.rules.runtime.SessionSwap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The evaluation stall of a rule pack swap (issue 14): {@link SessionSwap#swap} with {@code alerts} firing
 * latency alerts in working memory, each holding a {@code ScalePool} intent for its own pool, swapped to a
 * pack of the same rules under another version (a commit that changed a comment): every alert is fired
 * into the new session, the rules run, and every intent is found kept. While it runs the engine's
 * evaluation thread evaluates no batch. One shot per invocation, milliseconds.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx3g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class PackSwapBenchmark {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    /** A session full of firing alerts, rebuilt before each swap. */
    @State(Scope.Thread)
    public static class Memory {

        @Param({"100000"})
        int alerts;

        RulePack next;
        RuleSession old;
        SessionSwap.Result swapped;

        @Setup(Level.Trial)
        public void compileNext() throws IOException {
            Path dir = Files.createTempDirectory("odpe-swap-bench");
            for (String name : RulePackCompiler.bundledFileNames()) {
                try (InputStream in = PackSwapBenchmark.class
                        .getClassLoader()
                        .getResourceAsStream(RulePackCompiler.BUNDLED_PACK_DIR + name)) {
                    Files.write(dir.resolve(name), in.readAllBytes());
                }
            }
            Files.writeString(dir.resolve("scale-pool.drl"), "\n// a new commit\n", StandardOpenOption.APPEND);
            next = RulePackCompiler.compile(dir);
        }

        @Setup(Level.Invocation)
        public void fill() {
            old = RulePackCompiler.bundled().newSession(RulePackSettings.DEFAULTS);
            old.advanceTo(T0);
            for (int i = 0; i < alerts; i++) {
                old.fire(new AlertSignal(
                        "fp-" + i, "TritonP99LatencyHigh", Signal.LATENCY, "ml", "pool-" + i, null, null, "page", T0));
            }
            if (old.evaluate().size() != alerts) {
                throw new IllegalStateException("expected one boost per alert");
            }
        }

        @TearDown(Level.Invocation)
        public void close() {
            if (swapped.keptIntents() != alerts || !swapped.outcomes().isEmpty()) {
                throw new IllegalStateException("the swap should keep every intent and decide nothing, kept "
                        + swapped.keptIntents() + " with " + swapped.outcomes().size() + " outcomes");
            }
            swapped.session().close();
            old.close();
        }
    }

    @Benchmark
    public SessionSwap.Result swapWithFiringAlerts(Memory memory) {
        memory.swapped = SessionSwap.swap(memory.old, memory.next, RulePackSettings.DEFAULTS, T0.plusSeconds(60));
        return memory.swapped;
    }
}
