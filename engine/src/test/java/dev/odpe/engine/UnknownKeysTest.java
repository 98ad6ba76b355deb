package dev.odpe.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.config.UnknownKeys;
import dev.odpe.engine.config.UnknownKeysCheck;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The start-up check of {@code odpe.*} names against the keys of the engine's mappings (found as
 * {@link ConfigurationReferenceTest} finds them, from the class files).
 */
class UnknownKeysTest {

    private static UnknownKeys checker() throws IOException {
        return new UnknownKeys(UnknownKeysCheck.knownKeys(ConfigurationReferenceTest.configMappings()));
    }

    @Test
    void givenAKeyOneLetterOffWhenTheNamesAreCheckedThenItIsUnknownAndTheIntendedKeyIsNamed() throws IOException {
        // Given -Dodpe.planer.dry-run=false (planner misspelt), next to a correct key
        List<String> names = List.of("odpe.planner.cooldown", "odpe.planer.dry-run");

        // When the names are checked
        List<UnknownKeys.Unknown> unknown = checker().find(names);

        // Then the misspelt one is reported, with the key meant
        assertThat(unknown).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("odpe.planer.dry-run");
            assertThat(u.closest()).isEqualTo("odpe.planner.dry-run");
        });
    }

    @Test
    void givenAMisspeltEnvironmentVariableWhenTheNamesAreCheckedThenItIsUnknownAndNamedInBothForms()
            throws IOException {
        // Given ODPE_PLANER_DRY_RUN in the environment, and a correct one
        List<String> names = List.of("ODPE_PLANNER_DRY_RUN", "ODPE_PLANER_DRY_RUN", "PATH", "HOME");

        // When the names are checked
        List<UnknownKeys.Unknown> unknown = checker().find(names);

        // Then only the misspelt variable is reported, with the variable and key meant
        assertThat(unknown).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("ODPE_PLANER_DRY_RUN");
            assertThat(u.closest()).isEqualTo("ODPE_PLANNER_DRY_RUN (odpe.planner.dry-run)");
        });
    }

    @Test
    void givenMapKeysProfilesAndEnvironmentFormsWhenTheNamesAreCheckedThenNoneIsUnknown() throws IOException {
        // Given valid names in every form
        List<String> names = List.of(
                "odpe.rollback.models.\"ml-serving/bert\".application",
                "odpe.rollback.models.\"ml-serving/bert\".helm-parameter",
                "odpe.planner.cooldown-by-type.RollbackModel",
                "odpe.planner.live-types",
                "odpe.planner.live-types[0]",
                "%dev.odpe.kafka.enabled",
                "ODPE_KAFKA_ENABLED",
                "_DEV_ODPE_KAFKA_ENABLED",
                "ODPE_PLANNER_COOLDOWN_BY_TYPE_ROLLBACKMODEL",
                "ODPE_SCALER_PROMETHEUS_URL",
                "quarkus.http.port",
                "kafka.bootstrap.servers");

        // When the names are checked
        List<UnknownKeys.Unknown> unknown = checker().find(names);

        // Then none is reported
        assertThat(unknown).isEmpty();
    }

    @Test
    void givenAMapEntryWithAMisspeltPropertyWhenTheNamesAreCheckedThenItIsUnknown() throws IOException {
        // Given a model mapping whose property is misspelt
        List<String> names = List.of("odpe.rollback.models.\"ml-serving/bert\".aplication");

        // When the names are checked
        List<UnknownKeys.Unknown> unknown = checker().find(names);

        // Then it is reported, with the map key's placeholder in the key meant
        assertThat(unknown)
                .singleElement()
                .satisfies(u -> assertThat(u.closest()).isEqualTo("odpe.rollback.models.<key>.application"));
    }

    @Test
    void givenTheEngineOwnPropertiesAndEveryTestProfileWhenTheirNamesAreCheckedThenNoneIsUnknown() throws Exception {
        // Given the names in application.properties (every profile) and in every QuarkusTestProfile's overrides
        List<String> names = new ArrayList<>();
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(
                Path.of("target", "classes", "application.properties"), StandardCharsets.UTF_8)) {
            properties.load(in);
        }
        names.addAll(properties.stringPropertyNames());
        for (QuarkusTestProfile profile : testProfiles()) {
            names.addAll(profile.getConfigOverrides().keySet());
        }

        // When the names are checked
        List<UnknownKeys.Unknown> unknown = checker().find(names);

        // Then none is reported
        assertThat(names).anyMatch(n -> n.startsWith("odpe."));
        assertThat(unknown).isEmpty();
    }

    private static List<QuarkusTestProfile> testProfiles() throws Exception {
        Path root = Path.of("target", "test-classes");
        List<QuarkusTestProfile> profiles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = root.relativize(file)
                        .toString()
                        .replace(file.getFileSystem().getSeparator(), ".");
                Class<?> type = Class.forName(
                        name.substring(0, name.length() - ".class".length()),
                        false,
                        UnknownKeysTest.class.getClassLoader());
                if (QuarkusTestProfile.class.isAssignableFrom(type)
                        && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers())) {
                    var constructor = type.getDeclaredConstructor();
                    constructor.setAccessible(true);
                    profiles.add((QuarkusTestProfile) constructor.newInstance());
                }
            }
        }
        assertThat(profiles).isNotEmpty();
        return profiles;
    }
}
