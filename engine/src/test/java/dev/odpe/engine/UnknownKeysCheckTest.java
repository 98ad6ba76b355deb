package dev.odpe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.config.UnknownKeysCheck;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The start-up check in the running engine sees every mapping, so no valid key is reported unknown. */
@QuarkusTest
class UnknownKeysCheckTest {

    @Inject
    UnknownKeysCheck check;

    @Test
    void givenTheRunningEngineWhenItsMappingsAreDiscoveredThenTheyAreEveryConfigMappingOfTheEngine()
            throws IOException {
        // Given the engine started (the check passed for its own configuration)
        List<Class<?>> inClassFiles = ConfigurationReferenceTest.configMappings();

        // When the check discovers the mappings as CDI beans
        List<Class<?>> discovered = check.mappings();

        // Then they are exactly the @ConfigMapping interfaces in the engine's class files
        assertThat(discovered).containsExactlyInAnyOrderElementsOf(inClassFiles);
    }
}
