package dev.odpe.rules.scenario;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One line of {@code expected-actions.json}, also the JSON form of an actual outcome so both sides
 * compare as values. {@code action} holds {@code type} (the record's simple name) and its fields.
 */
@JsonPropertyOrder({"kind", "rule", "action", "causes"})
public record ExpectedOutcome(
        @JsonProperty(required = true) Kind kind,
        @JsonProperty(required = true) String rule,
        @JsonProperty(required = true) ObjectNode action,
        @JsonProperty(required = true) List<String> causes) {

    public enum Kind {
        @JsonProperty("emitted")
        EMITTED,
        @JsonProperty("withdrawn")
        WITHDRAWN
    }
}
