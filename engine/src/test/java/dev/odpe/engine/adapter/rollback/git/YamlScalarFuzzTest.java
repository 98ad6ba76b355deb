package dev.odpe.engine.adapter.rollback.git;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzzes {@link YamlScalar}: input line 1 is the dotted key, the rest a values file. A bad key may only be an
 * IllegalArgumentException; reading never throws; when the key is found, setting it changes exactly that one
 * line and reads back as the new value. Seeds in {@code YamlScalarFuzzTestInputs/}; see docs/fuzzing.md.
 */
class YamlScalarFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void setTouchesOneLineAndReadsBack(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        String key = newline < 0 ? text : text.substring(0, newline);
        String yaml = newline < 0 ? "" : text.substring(newline + 1);
        YamlScalar scalar;
        try {
            scalar = new YamlScalar(key);
        } catch (IllegalArgumentException badKey) {
            return;
        }
        Optional<String> before = scalar.read(yaml);
        Optional<String> after = scalar.set(yaml, "9");
        assertThat(after.isPresent()).isEqualTo(before.isPresent());
        if (after.isPresent()) {
            assertThat(scalar.read(after.get())).contains("9");
            String[] old = yaml.split("\n", -1);
            String[] changed = after.get().split("\n", -1);
            assertThat(changed).hasSameSizeAs(old);
            int differing = 0;
            for (int i = 0; i < old.length; i++) {
                differing += old[i].equals(changed[i]) ? 0 : 1;
            }
            assertThat(differing).isLessThanOrEqualTo(1);
        }
    }
}
