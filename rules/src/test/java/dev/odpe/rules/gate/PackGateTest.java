package dev.odpe.rules.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.rules.runtime.CompileProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackGateTest {

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

    @TempDir
    Path pack;

    @Test
    void aPackThatCompilesDeclaresExpiryAndPassesItsScenariosPasses() throws IOException {
        // Given a pack with one scenario that expects a boost by 2
        Files.writeString(pack.resolve("boost.drl"), BOOST_BY_2);
        scenario("latency-boosts", EXPECT_STEP_2);

        // When it is gated
        GateResult result = PackGate.check(pack);

        // Then it passes, having played the scenario
        assertThat(result.passed()).as(result.describe()).isTrue();
        assertThat(result.scenariosRun()).isEqualTo(1);
    }

    @Test
    void anEventTypeWithoutExpiresIsAProblemAtTheLineOfItsDeclaration() throws IOException {
        // Given a pack that declares AlertSignal an event without @expires (declare on line 7)
        Files.writeString(pack.resolve("boost.drl"), BOOST_BY_2.replace("    @expires(26h)\n", ""));

        // When it is gated
        GateResult result = PackGate.check(pack);

        // Then it is rejected with one problem naming file, line and type
        assertThat(result.passed()).isFalse();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.file()).isEqualTo("boost.drl");
            assertThat(problem.line()).isEqualTo(7);
            assertThat(problem.message()).contains("AlertSignal", "@expires");
        });
    }

    @Test
    void aSyntaxErrorIsRejectedWithFileAndLine() throws IOException {
        // Given a pack whose rule has a syntax error on line 15
        Files.writeString(pack.resolve("boost.drl"), BOOST_BY_2.replace("pool != null)", "pool != null"));

        // When it is gated
        GateResult result = PackGate.check(pack);

        // Then it does not compile and the problems name the file and the line
        assertThat(result.pack()).isEmpty();
        assertThat(result.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem.file())
                .isEqualTo("boost.drl"));
        assertThat(result.problems()).extracting(CompileProblem::line).contains(15);
    }

    @Test
    void aFailingScenarioRejectsAPackThatCompiles() throws IOException {
        // Given a pack that boosts by 3 and a scenario that expects 2
        Files.writeString(pack.resolve("boost.drl"), BOOST_BY_2.replace(", 2, Duration", ", 3, Duration"));
        scenario("latency-boosts", EXPECT_STEP_2);

        // When it is gated
        GateResult result = PackGate.check(pack);

        // Then it is rejected, naming the scenario and what it got
        assertThat(result.pack()).isPresent();
        assertThat(result.passed()).isFalse();
        assertThat(result.failedScenarios()).singleElement().satisfies(failed -> {
            assertThat(failed.name()).isEqualTo("latency-boosts");
            assertThat(failed.describe()).contains("\"step\":3");
        });
        assertThat(result.summary()).contains("latency-boosts");
    }

    @Test
    void theBundledPackPassesTheGate() {
        // Given the default pack shipped in this module
        // When it is gated
        GateResult result = PackGate.checkBundled();

        // Then it passes
        assertThat(result.passed()).as(result.describe()).isTrue();
    }

    private void scenario(String name, String expected) throws IOException {
        Path folder = Files.createDirectories(pack.resolve(PackGate.SCENARIOS_DIR).resolve(name));
        Files.writeString(folder.resolve("in-01-latency-fires.json"), STEP);
        Files.writeString(folder.resolve("expected-actions.json"), expected);
    }
}
