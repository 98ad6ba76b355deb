package dev.odpe.rules.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of docs/examples/rules-repo passes its own CI steps (tests run in the module directory). */
class ExampleRulesRepoTest {

    private static final Path REPO = Path.of("..", "docs", "examples", "rules-repo");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void theExamplesPackPassesCheckAndItsScenarios() {
        // Given the example repository's pack and scenarios
        Path rules = REPO.resolve("rules");

        // When CI checks and tests it
        int check = run("check", rules.toString());
        int test = run(
                "test",
                rules.toString(),
                "--scenarios",
                rules.resolve("scenarios").toString());

        // Then both pass
        assertThat(check).as(stdout()).isZero();
        assertThat(test).as(stdout()).isZero();
        assertThat(stdout()).contains("PASS latency-breach-boosts-pool", "PASS resolved-latency-withdraws-boost");
    }

    @Test
    void theRecordedJournalShowsTheChangeOfTheReadmesEdit() throws IOException {
        // Given the example's pack, and a copy edited as its README shows (latency boosts by one more)
        Path base = REPO.resolve("rules");
        Path change = copy(base, tmp.resolve("rules"));
        Path scalePool = change.resolve("scale-pool.drl");
        Files.writeString(
                scalePool,
                Files.readString(scalePool)
                        .replace(
                                "$s.scaleStep(), $s.boostTtl(), $s.maxBoost(), \"latency\"",
                                "$s.scaleStep() + 1, $s.boostTtl(), $s.maxBoost(), \"latency\""));

        // When CI replays the recorded journal through the change against the base
        int exit = run(
                "replay",
                "--journal",
                REPO.resolve("journals").resolve("recorded.jsonl").toString(),
                "--pack",
                change.toString(),
                "--against",
                base.toString());

        // Then the latency boost and its withdrawal differ in their step; the queue boost does not
        assertThat(exit).as(stdout()).isZero();
        assertThat(stdout())
                .contains("5 input(s) in 5 step(s)")
                .contains("2 decision(s) differ in 2 step(s)")
                .contains("~ emitted latency-breach-boosts-pool ScalePool step: 2 -> 3")
                .contains("~ withdrawn latency-breach-boosts-pool ScalePool step: 2 -> 3")
                .doesNotContain("queue-breach-boosts-pool");
    }

    private int run(String... args) {
        return new OdpeRules(
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .run(args);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
        return to;
    }
}
