package dev.odpe.rules.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.rules.scenario.ScenarioJson;

/**
 * The JSON of journal records: the scenarios' dialect (ISO-8601 instants and durations, a signal as
 * its label), one record per line, but lenient on unknown fields so that a reader of schema 1 reads
 * the fields a later 1.x adds.
 */
public final class JournalJson {

    private static final ObjectMapper MAPPER =
            ScenarioJson.mapper().copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private JournalJson() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The record as one line of JSON. */
    public static String line(InputRecord record) {
        try {
            return MAPPER.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("input record " + record.seq() + " cannot be written as JSON", e);
        }
    }
}
