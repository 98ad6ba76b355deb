package dev.odpe.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Fuzzes {@link ScalerMetadata#parse}: any trigger metadata either parses or is refused with
 * {@link InvalidMetadataException} naming a key; nothing else may escape. Input: UTF-8 lines
 * {@code key=value} (the first line may be {@code namespace:<ns>}); seeds in
 * {@code ScalerMetadataFuzzTestInputs/}. Regression mode (the seeds) runs in {@code mvn verify};
 * see docs/fuzzing.md to fuzz for minutes.
 */
class ScalerMetadataFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void parseEitherReadsOrNamesTheKey(byte[] input) {
        // Given metadata read from the input's lines
        String namespace = "ml-serving";
        Map<String, String> metadata = new HashMap<>();
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n", -1)) {
            if (line.startsWith("namespace:")) {
                namespace = line.substring("namespace:".length());
                namespace = namespace.isEmpty() ? null : namespace;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq > 0) {
                metadata.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        // When it is parsed, then it either parses into something usable or names the offending key
        try {
            ScalerMetadata parsed = ScalerMetadata.parse(metadata, namespace);
            assertThat(parsed.metricName()).isNotBlank();
            assertThat(parsed.minReplicas()).isBetween(0, parsed.maxReplicas());
            assertThat(parsed.activationThreshold()).isFinite(); // seed issue13-infinite-activation-threshold
            // seeds issue13-long-value, issue13-control-character-in-query
            assertThat(metadata.values())
                    .allSatisfy(value -> assertThat(value).hasSizeLessThanOrEqualTo(ScalerMetadata.MAX_VALUE_CHARS))
                    .allSatisfy(value ->
                            assertThat(value.replaceAll("[\\t\\n\\r]", "")).doesNotContainPattern("\\p{Cntrl}"));
        } catch (InvalidMetadataException e) {
            // The key as given, even when it is whitespace or a control character (seed finding-unknown-key-*),
            // quoted printably: control characters escaped, cut when long (seeds issue13-*)
            assertThat(e.key()).isNotNull();
            assertThat(e.getMessage()).contains("'" + InvalidMetadataException.printable(e.key()) + "'");
            assertThat(e.getMessage()).hasSizeLessThan(1024);
            assertThat(e.getMessage().chars().filter(Character::isISOControl)).isEmpty();
        }
    }
}
