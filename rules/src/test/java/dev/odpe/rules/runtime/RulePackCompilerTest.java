package dev.odpe.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulePackCompilerTest {

    private static final Path BUNDLED_SOURCE_DIR =
            Path.of("src/main/resources").resolve(RulePackCompiler.BUNDLED_PACK_DIR);

    private static final String GOOD_RULE = """
            package test;
            import dev.odpe.rules.fact.AlertSignal;
            rule "any-alert"
            when
                AlertSignal()
            then
            end
            """;

    @TempDir
    Path dir;

    @Test
    void bundledIndexListsExactlyTheDrlFilesOfThePackFolder() throws IOException {
        // Given the pack folder in the sources
        try (Stream<Path> files = Files.list(BUNDLED_SOURCE_DIR)) {
            var onDisk = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".drl"))
                    .sorted()
                    .toList();

            // When the index is read
            var indexed = RulePackCompiler.bundledFileNames();

            // Then both name the same files
            assertThat(indexed).containsExactlyInAnyOrderElementsOf(onDisk).doesNotHaveDuplicates();
        }
    }

    @Test
    void bundledPackAndItsSourceFolderCompileToTheSameVersion() {
        // Given the bundled pack
        RulePack bundled = RulePackCompiler.bundled();

        // When its source folder is compiled as a directory pack
        RulePack fromDir = RulePackCompiler.compile(BUNDLED_SOURCE_DIR);

        // Then versions, files and rules agree
        assertThat(fromDir.version()).isEqualTo(bundled.version()).matches("sha256:[0-9a-f]{12}");
        assertThat(fromDir.files()).isEqualTo(bundled.files());
        assertThat(bundled.ruleNames()).contains("latency-breach-boosts-pool", "drift-notifies-model-owners");
    }

    @Test
    void versionIsStableForTheSameFilesAndChangesWhenAFileChanges() throws IOException {
        // Given a one-file pack compiled twice
        Files.writeString(dir.resolve("a.drl"), GOOD_RULE);
        String first = RulePackCompiler.compile(dir).version();
        String again = RulePackCompiler.compile(dir).version();

        // When the file changes by one comment
        Files.writeString(dir.resolve("a.drl"), GOOD_RULE + "// changed\n");
        String changed = RulePackCompiler.compile(dir).version();

        // Then the version is stable until the content changes
        assertThat(again).isEqualTo(first);
        assertThat(changed).isNotEqualTo(first);
    }

    @Test
    void renamingAFileChangesTheVersion() throws IOException {
        // Given a pack file
        Files.writeString(dir.resolve("a.drl"), GOOD_RULE);
        String before = RulePackCompiler.compile(dir).version();

        // When it is renamed with the same bytes
        Files.move(dir.resolve("a.drl"), dir.resolve("b.drl"));

        // Then the version changes
        assertThat(RulePackCompiler.compile(dir).version()).isNotEqualTo(before);
    }

    @Test
    void brokenDrlIsReportedWithItsFileAndLine() throws IOException {
        // Given a good file and a file whose line 5 references an unknown type
        Files.writeString(dir.resolve("good.drl"), GOOD_RULE);
        Files.writeString(dir.resolve("broken.drl"), """
                package test;

                rule "broken"
                when
                    NoSuchFact(x == 1)
                then
                end
                """);

        // When the pack is compiled, Then the problem names broken.drl line 5
        assertThatThrownBy(() -> RulePackCompiler.compile(dir)).isInstanceOfSatisfying(RulePackException.class, e -> {
            assertThat(e.problems()).isNotEmpty();
            assertThat(e.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo("broken.drl"));
            assertThat(e.problems()).anySatisfy(p -> assertThat(p.line()).isEqualTo(5));
            assertThat(e.getMessage()).contains("broken.drl:5");
        });
    }

    @Test
    void directoryWithoutDrlFilesIsRejectedClearly() throws IOException {
        // Given a directory with only a text file
        Files.writeString(dir.resolve("notes.txt"), "not a rule");

        // When compiled, Then the error says there are no .drl files
        assertThatThrownBy(() -> RulePackCompiler.compile(dir))
                .isInstanceOf(RulePackException.class)
                .hasMessageContaining("contains no .drl files");
    }

    @Test
    void missingDirectoryIsRejectedClearly() {
        // Given a path that does not exist
        Path missing = dir.resolve("nope");

        // When compiled, Then the error names it
        assertThatThrownBy(() -> RulePackCompiler.compile(missing))
                .isInstanceOf(RulePackException.class)
                .hasMessageContaining("does not exist");
    }
}
