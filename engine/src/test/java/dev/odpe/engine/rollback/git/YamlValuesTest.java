package dev.odpe.engine.rollback.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class YamlValuesTest {

    private static final String VALUES = """
            model:
              name: bert
              version: '8'  # pinned
            sidecar:
              version: 2
            """;

    @Test
    void setsOnlyTheNestedKeyKeepingItsQuotesAndComment() {
        // When model.version is set to 7
        String changed = YamlValues.set(VALUES, "model.version", "7").orElseThrow();

        // Then that one line changes, quoting and comment kept, the other version untouched
        assertThat(changed).isEqualTo(VALUES.replace("version: '8'  # pinned", "version: '7'  # pinned"));
        assertThat(YamlValues.get(changed, "sidecar.version")).contains("2");
    }

    @Test
    void aMissingKeyIsReportedNotAdded() {
        // When a key that is not in the file is set
        // Then nothing is returned
        assertThat(YamlValues.set(VALUES, "model.tag", "7")).isEmpty();
    }
}
