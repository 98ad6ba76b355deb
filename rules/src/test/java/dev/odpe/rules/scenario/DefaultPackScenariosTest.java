package dev.odpe.rules.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.rules.runtime.RulePackCompiler;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every folder under src/test/resources/scenarios is one golden scenario of the default pack. */
class DefaultPackScenariosTest {

    private static final Path SCENARIOS = Path.of("src/test/resources/scenarios");

    @TestFactory
    Stream<DynamicTest> everyScenarioFolderPlaysAsExpected() {
        // Given the bundled pack and every scenario folder
        ScenarioRunner runner = new ScenarioRunner(RulePackCompiler.bundled());
        List<Path> folders = ScenarioRunner.scenarioFolders(SCENARIOS);
        assertThat(folders)
                .as("scenario folders in " + SCENARIOS.toAbsolutePath())
                .isNotEmpty();

        // When each is played, Then its outcomes equal expected-actions.json
        return folders.stream()
                .map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> runner.check(folder)));
    }
}
