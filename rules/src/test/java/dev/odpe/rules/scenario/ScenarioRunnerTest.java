package dev.odpe.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioRunnerTest {

    private static final String FIRE_LATENCY = """
            {"at": "2026-01-01T00:00:00Z",
             "fire": {"fingerprint": "f1", "signal": "latency", "namespace": "ns", "pool": "p"}}
            """;
    private static final String EXPECT_SCALE = """
            [{"kind": "emitted", "rule": "latency-breach-boosts-pool",
              "action": {"type": "ScalePool", "namespace": "ns", "pool": "p", "step": 2, "ttl": "PT15M",
                         "maxBoost": 8, "reason": "latency"},
              "causes": ["f1"]}]
            """;

    private static RulePack pack;

    @TempDir
    Path scenario;

    @BeforeAll
    static void compilePack() {
        pack = RulePackCompiler.bundled();
    }

    @Test
    void wellFormedScenarioPasses() throws IOException {
        // Given a scenario whose expectation is right
        Files.writeString(scenario.resolve("in-01-fire.json"), FIRE_LATENCY);
        Files.writeString(scenario.resolve("expected-actions.json"), EXPECT_SCALE);

        // When it runs
        ScenarioResult result = new ScenarioRunner(pack).run(scenario);

        // Then it passes
        assertThat(result.passed()).as(result.describe()).isTrue();
    }

    @Test
    void fileTheRunnerDidNotReadFailsTheScenario() throws IOException {
        // Given a correct scenario plus a stray file
        Files.writeString(scenario.resolve("in-01-fire.json"), FIRE_LATENCY);
        Files.writeString(scenario.resolve("expected-actions.json"), EXPECT_SCALE);
        Files.writeString(scenario.resolve("expected-action.json"), "[]");

        // When it is checked, Then the stray file is named
        assertThatThrownBy(() -> new ScenarioRunner(pack).check(scenario))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("unused file expected-action.json");
    }

    @Test
    void unknownJsonFieldFailsTheScenario() throws IOException {
        // Given a step with a misspelt field
        Files.writeString(scenario.resolve("in-01-fire.json"), FIRE_LATENCY.replace("\"pool\"", "\"pools\""));
        Files.writeString(scenario.resolve("expected-actions.json"), EXPECT_SCALE);

        // When it is checked, Then the unknown field is reported with its file
        assertThatThrownBy(() -> new ScenarioRunner(pack).check(scenario))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("in-01-fire.json")
                .hasMessageContaining("pools");
    }

    @Test
    void unknownSignalLabelFailsTheScenario() throws IOException {
        // Given a step whose signal is not part of the label contract
        Files.writeString(scenario.resolve("in-01-fire.json"), FIRE_LATENCY.replace("latency", "slowness"));
        Files.writeString(scenario.resolve("expected-actions.json"), "[]");

        // When it is checked, Then the label is rejected
        assertThatThrownBy(() -> new ScenarioRunner(pack).check(scenario))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("slowness");
    }

    @Test
    void wrongExpectationShowsExpectedAndActual() throws IOException {
        // Given an expectation with the wrong step
        Files.writeString(scenario.resolve("in-01-fire.json"), FIRE_LATENCY);
        Files.writeString(
                scenario.resolve("expected-actions.json"), EXPECT_SCALE.replace("\"step\": 2", "\"step\": 3"));

        // When it is checked, Then both sides are shown
        assertThatThrownBy(() -> new ScenarioRunner(pack).check(scenario))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("at outcome #1")
                .hasMessageContaining("\"step\":3")
                .hasMessageContaining("\"step\":2");
    }
}
