package dev.odpe.engine.adapter.rollback.git;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** One scalar read and set in a values file by a dotted key, the rest of the file untouched. */
class YamlScalarTest {

    private static final String VALUES = """
            # bert on Triton
            replicas: 2
            tokenizer:
              version: 3        # not the model's
            model:
              name: bert
              # the version Triton loads
              version: 8        # pinned by the release pipeline
              repository: "s3://models/bert"
            """;

    @Test
    void readsTheValueUnderItsOwnParentOnly() {
        // When model.version is read
        var value = new YamlScalar("model.version").read(VALUES);

        // Then it is the model's 8, not the tokenizer's 3, without the comment
        assertThat(value).contains("8");
    }

    @Test
    void settingChangesExactlyOneLineKeepingItsComment() {
        // When model.version is set to 7
        String changed = new YamlScalar("model.version").set(VALUES, "7").orElseThrow();

        // Then only that line differs, comment kept
        assertThat(changed).isEqualTo(VALUES.replace("version: 8        #", "version: 7        #"));
    }

    @Test
    void aQuotedValueStaysQuoted() {
        // When a quoted version is set
        String changed =
                new YamlScalar("image.tag").set("image:\n  tag: \"8\"\n", "7").orElseThrow();

        // Then the quotes are kept
        assertThat(changed).isEqualTo("image:\n  tag: \"7\"\n");
    }

    @Test
    void aMissingKeyOrAMappingIsNotAScalar() {
        // When keys that are absent or not scalars are read
        // Then none is found
        assertThat(new YamlScalar("model.revision").read(VALUES)).isEmpty();
        assertThat(new YamlScalar("model").read(VALUES)).isEmpty();
        assertThat(new YamlScalar("version").read(VALUES)).isEmpty();
    }
}
