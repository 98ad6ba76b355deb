package dev.odpe.engine.evaluate.journal;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.file.Path;
import java.util.Map;

/**
 * An engine whose {@code dev.odpe.input} lines also go to a file of bare records (as an operator would
 * collect the journal, docs/input-journal.md), with a scale step other than the pack's default so a
 * replay must take the settings from the journal.
 */
public class JournalFileProfile implements QuarkusTestProfile {

    /** Appended to by each engine start; a reader takes the records after the last {@code start}. */
    static final Path JOURNAL =
            Path.of("target", "input-journal-test", "journal.log").toAbsolutePath();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "odpe.rules.scale-step", "3",
                "quarkus.log.handler.file.\"JOURNAL\".enabled", "true",
                "quarkus.log.handler.file.\"JOURNAL\".path", JOURNAL.toString(),
                "quarkus.log.handler.file.\"JOURNAL\".format", "%s%n",
                "quarkus.log.category.\"dev.odpe.input\".handlers", "JOURNAL");
    }
}
