package dev.odpe.engine.ingest.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes drift CloudEvents over HTTP, all three shapes: headers + body → CloudEvent (SDK, binary or
 * structured) → drift event, or a {@link RejectedEvent}; nothing else may escape. Input: header lines
 * {@code name: value}, an empty line, the body (the layout of examples/drift-alibi-detect.headers + .json).
 * Seeds: examples/drift-*.json in {@code DriftEventReaderFuzzTestInputs/}; docs/fuzzing.md.
 */
public class DriftEventReaderFuzzTest {

    private static final DriftEventReader READER = new DriftEventReader(
            new ObjectMapper().findAndRegisterModules(),
            Optional.empty(),
            Clock.fixed(Instant.parse("2026-11-28T05:00:00Z"), ZoneOffset.UTC));

    @FuzzTest(maxDuration = "30s")
    void anHttpRequestIsADriftEventOrARejection(byte[] input) {
        Message message = Message.of(input);
        try {
            DriftEvent drift = READER.drift(READER.cloudEvent(message.headers(), message.body()));
            assertThat(drift.eventId()).isNotBlank();
        } catch (RejectedEvent rejected) {
            assertThat(rejected.detail()).isNotBlank();
        }
    }

    /** Header lines, an empty line, the body; shared with the Kafka fuzz test's input layout. */
    public record Message(Map<String, String> headers, byte[] body) {

        public static Message of(byte[] input) {
            int split = indexOf(input);
            if (split < 0) {
                return new Message(Map.of("content-type", "application/cloudevents+json"), input);
            }
            Map<String, String> headers = new HashMap<>();
            for (String line : new String(input, 0, split, StandardCharsets.UTF_8).split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(
                            line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT),
                            line.substring(colon + 1).trim());
                }
            }
            byte[] body = java.util.Arrays.copyOfRange(input, split + 2, input.length);
            return new Message(headers, body);
        }

        private static int indexOf(byte[] input) {
            for (int i = 0; i + 1 < input.length; i++) {
                if (input[i] == '\n' && input[i + 1] == '\n') {
                    return i;
                }
            }
            return -1;
        }
    }
}
