package dev.odpe.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the golden-scenario reader: any step file (the input) in an otherwise valid scenario folder is
 * either played or reported as a problem of the scenario, never an exception. Seeds: the step files of
 * src/test/resources/scenarios in {@code ScenarioRunnerFuzzTestInputs/}; see docs/fuzzing.md.
 */
class ScenarioRunnerFuzzTest {

    private static RulePack pack;
    private static Path folder;

    @BeforeAll
    static void compile() throws IOException {
        pack = RulePackCompiler.bundled();
        folder = Files.createTempDirectory("scenario-fuzz");
        Files.writeString(folder.resolve(ScenarioRunner.EXPECTED), "[]");
    }

    @AfterAll
    static void clean() throws IOException {
        Files.deleteIfExists(folder.resolve("in-01-fuzz.json"));
        Files.deleteIfExists(folder.resolve(ScenarioRunner.EXPECTED));
        Files.deleteIfExists(folder);
    }

    @FuzzTest(maxDuration = "30s")
    void aStepFileIsPlayedOrReportedAsAProblem(byte[] stepFile) throws IOException {
        Files.write(folder.resolve("in-01-fuzz.json"), stepFile);
        ScenarioResult result = new ScenarioRunner(pack).run(folder);
        assertThat(result).isNotNull();
    }
}
