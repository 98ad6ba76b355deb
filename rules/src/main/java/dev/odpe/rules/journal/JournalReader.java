package dev.odpe.rules.journal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an input journal from a file of lines as they come out of the engine: the bare JSON record
 * (the Kafka topic's values, or a log handler that writes the message only), a JSON log line whose
 * {@code message} is the record (the engine's production console format), or a text log line that
 * ends with the record. Other lines (the rest of a log) are skipped and counted. A line that holds a
 * record which cannot be read is a problem, named by its line number.
 */
public final class JournalReader {

    private static final String SCHEMA_FIELD = "\"schema\"";
    private static final String SCHEMA_PREFIX = "odpe.input/";
    private static final String MAJOR = "odpe.input/1";

    private JournalReader() {}

    /** What a journal file held. */
    public record Journal(List<InputRecord> records, List<String> problems, int skippedLines) {

        public Journal {
            records = List.copyOf(records);
            problems = List.copyOf(problems);
        }
    }

    public static Journal read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.getFileName().toString());
        }
    }

    public static Journal read(BufferedReader in, String name) throws IOException {
        ObjectMapper json = JournalJson.mapper();
        List<InputRecord> records = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int skipped = 0;
        int number = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            number++;
            String candidate = recordText(json, line);
            if (candidate == null) {
                if (!line.isBlank()) {
                    skipped++;
                }
                continue;
            }
            try {
                JsonNode node = json.readTree(candidate);
                String schema = node.path("schema").asText("");
                if (!schema.equals(MAJOR) && !schema.startsWith(MAJOR + ".")) {
                    problems.add(name + ":" + number + ": schema \"" + schema + "\" is not supported (this reader"
                            + " reads " + InputRecord.SCHEMA + ")");
                    continue;
                }
                InputRecord record = json.treeToValue(node, InputRecord.class);
                String missing = missingField(record);
                if (missing != null) {
                    problems.add(
                            name + ":" + number + ": a \"" + kindName(node) + "\" record needs \"" + missing + "\"");
                    continue;
                }
                records.add(record);
            } catch (IOException | IllegalArgumentException e) {
                problems.add(name + ":" + number + ": " + firstLine(e.getMessage()));
            }
        }
        return new Journal(records, problems, skipped);
    }

    /** The record's JSON in this line, or null when the line holds none. */
    private static String recordText(ObjectMapper json, String line) {
        if (!line.contains(SCHEMA_PREFIX)) {
            return null;
        }
        String trimmed = line.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode node = json.readTree(trimmed);
                if (node.has("schema")) {
                    return trimmed;
                }
                JsonNode message = node.get("message");
                if (message != null && message.isTextual() && message.asText().contains(SCHEMA_PREFIX)) {
                    return message.asText().strip();
                }
            } catch (IOException e) {
                // not a JSON line: look for the record inside it below
            }
        }
        int start = line.indexOf("{" + SCHEMA_FIELD);
        return start < 0 ? null : line.substring(start).strip();
    }

    private static String missingField(InputRecord record) {
        if (record.kind() == null) {
            return "kind";
        }
        if (record.clock() == null) {
            return "clock";
        }
        return switch (record.kind()) {
            case FIRED, REFRESHED ->
                record.alert() == null
                                || record.alert().fingerprint() == null
                                || record.alert().signal() == null
                                || record.alert().startsAt() == null
                        ? "alert (with fingerprint, signal and startsAt)"
                        : null;
            case RESOLVED -> record.fingerprint() == null ? "fingerprint" : null;
            case START, TICK, GAP -> null;
        };
    }

    private static String kindName(JsonNode node) {
        return node.path("kind").asText("?");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable record";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
