package dev.odpe.rules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import dev.odpe.rules.journal.InputRecord;
import dev.odpe.rules.journal.JournalJson;
import dev.odpe.rules.runtime.RulePackCompiler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OdpeRulesTest {

    private static final String BOOST_BY_2 = """
            package dev.odpe.rules.pack;
            import dev.odpe.rules.fact.AlertSignal;
            import dev.odpe.rules.fact.Signal;
            import dev.odpe.rules.action.ScalePool;
            import java.time.Duration;

            declare AlertSignal
                @role(event)
                @expires(26h)
            end

            rule "latency-boosts-pool"
            when
                $a : AlertSignal(signal == Signal.LATENCY, pool != null)
            then
                insertLogical(new ScalePool($a.namespace(), $a.pool(), 2, Duration.ofMinutes(15), 8, "latency"));
            end
            """;

    private static final String STEP = """
            {"at": "2026-01-01T00:00:00Z",
             "fire": {"fingerprint": "lat-1", "signal": "latency", "namespace": "ml", "pool": "p1"}}
            """;

    private static final String EXPECT_STEP_2 = """
            [{"kind": "emitted", "rule": "latency-boosts-pool",
              "action": {"type": "ScalePool", "namespace": "ml", "pool": "p1", "step": 2, "ttl": "PT15M",
                         "maxBoost": 8, "reason": "latency"},
              "causes": ["lat-1"]}]
            """;

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void checkPassesAGoodPack() throws IOException {
        // Given a pack that compiles and declares @expires
        Path pack = pack("good", BOOST_BY_2);

        // When it is checked
        int exit = run("check", pack.toString());

        // Then it passes, naming its rules and version
        assertThat(exit).as(output()).isZero();
        assertThat(stdout()).contains("check passed", "1 rule(s)", "sha256:");
    }

    @Test
    void checkNamesTheFileAndLineOfASyntaxError() throws IOException {
        // Given a pack whose rule misses a closing parenthesis on line 15
        Path pack = pack("broken", BOOST_BY_2.replace("pool != null)", "pool != null"));

        // When it is checked
        int exit = run("check", pack.toString());

        // Then it fails with FILE:LINE of the error, and no stack trace
        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).contains(pack.resolve("boost.drl") + ":15: ").contains("check failed");
        assertThat(output()).doesNotContain("Exception", "\tat ");
    }

    @Test
    void checkFailsAnEventTypeWithoutExpiresAtItsDeclaration() throws IOException {
        // Given a pack that declares AlertSignal an event without @expires (line 7)
        Path pack = pack("no-expiry", BOOST_BY_2.replace("    @expires(26h)\n", ""));

        // When it is checked
        int exit = run("check", pack.toString());

        // Then it fails at the declaration's line
        assertThat(exit).isEqualTo(1);
        assertThat(stdout()).contains(pack.resolve("boost.drl") + ":7: event type AlertSignal declares no @expires");
    }

    @Test
    void testReportsEachScenarioAndFailsOnTheOneThatDoesNotMatch() throws IOException {
        // Given a pack that boosts by 2, one scenario expecting 2 and one expecting 3
        Path pack = pack("scenarios", BOOST_BY_2);
        Path scenarios = tmp.resolve("scenarios");
        scenario(scenarios, "boosts-by-2", EXPECT_STEP_2);
        scenario(scenarios, "boosts-by-3", EXPECT_STEP_2.replace("\"step\": 2", "\"step\": 3"));

        // When its scenarios are tested
        int exit = run("test", pack.toString(), "--scenarios", scenarios.toString());

        // Then the matching one passes, the other fails with what the rules did, and the exit code says so
        assertThat(exit).isEqualTo(1);
        assertThat(stdout())
                .contains(
                        "PASS boosts-by-2",
                        "FAIL boosts-by-3 (at outcome #1)",
                        "\"step\":2",
                        "test failed: 1 of 2 scenario(s) passed");
    }

    @Test
    void testPassesTheDefaultPackWithItsGoldenScenarios() throws IOException {
        // Given the default pack and one of its golden scenarios
        Path pack = defaultPack(tmp.resolve("default"));
        scenario(
                tmp.resolve("golden"),
                "latency-boosts",
                EXPECT_STEP_2.replace("latency-boosts-pool", "latency-breach-boosts-pool"));

        // When it is tested
        int exit = run(
                "test", pack.toString(), "--scenarios", tmp.resolve("golden").toString());

        // Then it passes
        assertThat(exit).as(output()).isZero();
        assertThat(stdout()).contains("PASS latency-boosts", "test passed: 1 scenario(s)");
    }

    @Test
    void replayShowsTheDecisionThatAModifiedPackMakesDifferently() throws IOException {
        // Given the default pack, a copy that boosts a latency breach by 3, and a journal where latency fires
        Path baseline = defaultPack(tmp.resolve("main"));
        Path candidate = defaultPack(tmp.resolve("pr"));
        Path scalePool = candidate.resolve("scale-pool.drl");
        Files.writeString(
                scalePool, Files.readString(scalePool).replaceFirst("\\$s\\.scaleStep\\(\\)", "\\$s.scaleStep() + 1"));
        Path journal = journal(
                InputRecord.start(1, T0, "sha256:recorded", RulePackSettings.DEFAULTS, Duration.ofSeconds(1)),
                InputRecord.fired(2, 1, T0, "alertmanager", false, latency("lat-1"), InputRecord.Flags.LIVE),
                InputRecord.fired(
                        3, 2, T0.plusSeconds(60), "alertmanager", false, drift("drift-1"), InputRecord.Flags.LIVE));

        // When the journal is replayed through both
        int exit = run(
                "replay",
                "--journal",
                journal.toString(),
                "--pack",
                candidate.toString(),
                "--against",
                baseline.toString());

        // Then the one boost differs in its step, and nothing else
        assertThat(exit).as(output()).isZero();
        assertThat(stdout())
                .contains("1 decision(s) differ in 1 step(s)")
                .contains("step 1 at 2026-01-01T00:00:00Z: fired lat-1 (alertmanager)")
                .contains("~ emitted latency-breach-boosts-pool ScalePool step: 2 -> 3 causes [\"lat-1\"]");
        assertThat(stdout()).doesNotContain("drift-notifies-model-owners");
    }

    @Test
    void replayWritesTheDiffAsMarkdownAndFailsOnItWhenAsked() throws IOException {
        // Given a journal and two packs that boost by different steps
        Path baseline = defaultPack(tmp.resolve("main"));
        Path candidate = defaultPack(tmp.resolve("pr"));
        Path scalePool = candidate.resolve("scale-pool.drl");
        Files.writeString(
                scalePool, Files.readString(scalePool).replaceFirst("\\$s\\.scaleStep\\(\\)", "\\$s.scaleStep() + 1"));
        Path journal = journal(
                InputRecord.start(1, T0, "sha256:recorded", RulePackSettings.DEFAULTS, Duration.ofSeconds(1)),
                InputRecord.fired(2, 1, T0, "alertmanager", false, latency("lat-1"), InputRecord.Flags.LIVE));

        // When it is replayed for a pull-request comment, failing on a difference
        int exit = run(
                "replay",
                "--journal",
                journal.toString(),
                "--pack",
                candidate.toString(),
                "--against",
                baseline.toString(),
                "--format",
                "markdown",
                "--fail-on-diff");

        // Then the Markdown names the change in a table row, and the exit code reports the difference
        assertThat(exit).isEqualTo(1);
        assertThat(stdout())
                .startsWith("### odpe-rules replay: 1 decision(s) differ")
                .contains("| step | clock | input | change | rule | action | causes |")
                .contains("| 1 | 2026-01-01T00:00:00Z | fired lat-1 (alertmanager) | changed | "
                        + "`latency-breach-boosts-pool` | ScalePool step: 2 -> 3 | `lat-1` |");
    }

    @Test
    void replayMovesTheSessionOnTheJournalsClock() throws IOException {
        // Given a journal where latency fires and, 26 hours and a second later, a tick withdrew its boost
        Path pack = defaultPack(tmp.resolve("default"));
        Instant later = T0.plus(Duration.ofHours(26)).plusSeconds(1);
        Path journal = journal(
                InputRecord.start(1, T0, "sha256:recorded", RulePackSettings.DEFAULTS, Duration.ofSeconds(1)),
                InputRecord.fired(2, 1, T0, "alertmanager", false, latency("lat-1"), InputRecord.Flags.LIVE),
                InputRecord.tick(3, 2, later, 1));

        // When it is replayed through one pack
        int exit = run("replay", "--journal", journal.toString(), "--pack", pack.toString());

        // Then the boost is emitted at the first step and withdrawn at the tick's recorded clock
        assertThat(exit).as(output()).isZero();
        assertThat(stdout())
                .contains("2 decision(s)")
                .contains("step 1 at 2026-01-01T00:00:00Z: fired lat-1 (alertmanager)\n  emitted latency-breach")
                .contains("step 2 at " + later + ": clock tick\n  withdrawn latency-breach-boosts-pool");
    }

    @Test
    void replayReadsRecordsOutOfJsonAndTextLogLines() throws IOException {
        // Given the journal as the engine's JSON console log and as a text log, with other lines between
        Path pack = defaultPack(tmp.resolve("default"));
        String record = JournalJson.line(
                InputRecord.fired(2, 1, T0, "alertmanager", false, latency("lat-1"), InputRecord.Flags.LIVE));
        Path journal = tmp.resolve("engine.log");
        Files.writeString(
                journal,
                "{\"timestamp\":\"x\",\"loggerName\":\"dev.odpe.audit\",\"message\":\"decision {}\"}\n"
                        + "{\"timestamp\":\"x\",\"loggerName\":\"dev.odpe.input\",\"message\":"
                        + JournalJson.mapper().writeValueAsString(record) + "}\n"
                        + "12:00:00.000 INFO  [de.od.input] (odpe-input-journal) "
                        + record.replace("\"seq\":2", "\"seq\":3").replace("\"step\":1", "\"step\":2") + "\n");

        // When it is replayed
        int exit = run("replay", "--journal", journal.toString(), "--pack", pack.toString());

        // Then both records are read (one boost; the second firing of the same alert decides nothing) and the
        // other line is counted as skipped
        assertThat(exit).as(output()).isZero();
        assertThat(stdout()).contains("2 input(s) in 2 step(s)", "1 decision(s)");
        assertThat(stderr()).contains("skipped 1 line(s)");
    }

    @Test
    void aBrokenJournalRecordIsAUsageErrorNamingItsLine() throws IOException {
        // Given a journal whose second line is a record without its alert
        Path pack = defaultPack(tmp.resolve("default"));
        Path journal = tmp.resolve("journal.jsonl");
        Files.writeString(
                journal,
                JournalJson.line(InputRecord.start(1, T0, "v", RulePackSettings.DEFAULTS, Duration.ofSeconds(1)))
                        + "\n{\"schema\":\"odpe.input/1\",\"seq\":2,\"step\":1,\"clock\":\"2026-01-01T00:00:00Z\","
                        + "\"kind\":\"fired\"}\n");

        // When it is replayed
        int exit = run("replay", "--journal", journal.toString(), "--pack", pack.toString());

        // Then the exit code is 2 and the message names the file and line, without a stack trace
        assertThat(exit).isEqualTo(2);
        assertThat(stderr())
                .contains("journal.jsonl:2: a \"fired\" record needs \"alert")
                .doesNotContain("\tat ");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhatIsWrong() {
        // Given nothing
        // When commands are given wrong arguments
        int unknown = run("lint", "x");
        int missingJournal = run("replay", "--pack", tmp.toString());
        int noDir = run("check", tmp.resolve("nope").toString());
        int badFormat = run("replay", "--journal", "x", "--pack", tmp.toString(), "--format");

        // Then each exits 2 with a message, never a stack trace
        assertThat(List.of(unknown, missingJournal, noDir, badFormat)).containsOnly(2);
        assertThat(stderr())
                .contains("unknown command lint")
                .contains("replay: --journal is required")
                .contains("is not a directory")
                .contains("--format needs a value")
                .doesNotContain("\tat ");
    }

    private int run(String... args) {
        return new OdpeRules(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String output() {
        return stdout() + stderr();
    }

    private Path pack(String name, String drl) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("boost.drl"), drl);
        return dir;
    }

    private static void scenario(Path root, String name, String expected) throws IOException {
        Path folder = Files.createDirectories(root.resolve(name));
        Files.writeString(folder.resolve("in-01-latency-fires.json"), STEP);
        Files.writeString(folder.resolve("expected-actions.json"), expected);
    }

    /** A directory copy of the pack bundled in odpe-rules. */
    static Path defaultPack(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String name : RulePackCompiler.bundledFileNames()) {
            try (InputStream in = OdpeRulesTest.class
                    .getClassLoader()
                    .getResourceAsStream(RulePackCompiler.BUNDLED_PACK_DIR + name)) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        return dir;
    }

    private Path journal(InputRecord... records) throws IOException {
        List<String> lines = new ArrayList<>();
        for (InputRecord record : records) {
            lines.add(JournalJson.line(record));
        }
        return Files.write(tmp.resolve("journal.jsonl"), lines);
    }

    private static AlertSignal latency(String fingerprint) {
        return new AlertSignal(
                fingerprint, "TritonP99LatencyHigh", Signal.LATENCY, "ml", "p1", "bert", "8", "warning", T0);
    }

    private static AlertSignal drift(String fingerprint) {
        return new AlertSignal(
                fingerprint, "Drift", Signal.DRIFT, "ml", null, "bert", "8", "warning", T0.plusSeconds(60));
    }
}
