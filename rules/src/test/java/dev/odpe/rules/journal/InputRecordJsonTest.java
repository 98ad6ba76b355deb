package dev.odpe.rules.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The line format of docs/input-journal.md, field by field. */
class InputRecordJsonTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aFiredRecordIsOneLineWithOnlyTheFieldsItHas() {
        // Given a fired alert received with labels
        AlertSignal alert = new AlertSignal("f1", "Lat", Signal.GPU_SATURATION, "ml", "p1", null, null, null, T0);
        InputRecord record = InputRecord.fired(5, 3, T0, "alertmanager", false, alert, InputRecord.Flags.LIVE)
                .withProvenance(Map.of("signal", "gpu-saturation", "alertname", "Lat"), Map.of(), null);

        // When it is written
        String line = JournalJson.line(record);

        // Then it is the documented line: schema first, the signal as its label, labels sorted, nothing empty
        assertThat(line)
                .isEqualTo("{\"schema\":\"odpe.input/1\",\"seq\":5,\"step\":3,\"clock\":\"2026-01-01T00:00:00Z\","
                        + "\"kind\":\"fired\",\"source\":\"alertmanager\",\"fingerprint\":\"f1\","
                        + "\"alert\":{\"fingerprint\":\"f1\",\"alertName\":\"Lat\",\"signal\":\"gpu-saturation\","
                        + "\"namespace\":\"ml\",\"pool\":\"p1\",\"startsAt\":\"2026-01-01T00:00:00Z\"},"
                        + "\"labels\":{\"alertname\":\"Lat\",\"signal\":\"gpu-saturation\"}}");
    }

    @Test
    void everyKindReadsBackAsItWasWritten() throws IOException {
        // Given one record of each kind, written as lines
        AlertSignal alert = new AlertSignal("f1", null, Signal.DRIFT, "ml", null, "bert", "8", null, T0);
        InputRecord[] records = {
            InputRecord.start(1, T0, "sha256:abc", RulePackSettings.DEFAULTS, Duration.ofSeconds(1)),
            InputRecord.fired(2, 1, T0, "drift", false, alert, new InputRecord.Flags(false, true)),
            InputRecord.fired(3, 2, T0, "alertmanager", true, alert, InputRecord.Flags.LIVE),
            InputRecord.resolved(4, 3, T0, "alertmanager-api", "f1", T0, new InputRecord.Flags(true, false)),
            InputRecord.tick(5, 4, T0.plusSeconds(1), 2),
            InputRecord.gap(6, T0.plusSeconds(2), 7)
        };
        StringBuilder text = new StringBuilder();
        for (InputRecord record : records) {
            text.append(JournalJson.line(record)).append('\n');
        }

        // When the lines are read
        JournalReader.Journal journal = JournalReader.read(new BufferedReader(new StringReader(text.toString())), "j");

        // Then every record comes back equal
        assertThat(journal.problems()).isEmpty();
        assertThat(journal.records()).containsExactly(records);
    }

    @Test
    void anotherMajorSchemaIsAProblemNamingTheLine() throws IOException {
        // Given a line of a future schema
        String text = "{\"schema\":\"odpe.input/2\",\"seq\":1,\"kind\":\"start\",\"clock\":\"2026-01-01T00:00:00Z\"}";

        // When it is read
        JournalReader.Journal journal = JournalReader.read(new BufferedReader(new StringReader(text)), "j.log");

        // Then it is refused with the file and line
        assertThat(journal.records()).isEmpty();
        assertThat(journal.problems()).singleElement().asString().startsWith("j.log:1: schema \"odpe.input/2\"");
    }
}
