package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * ODPE's own shape, CloudEvent type {@code dev.odpe.drift}: data {@code {model, version, feature,
 * score, threshold, detector, time, namespace?, drifted?}}. Drifted when {@code score >= threshold}
 * unless {@code drifted} says otherwise. Example: examples/drift-odpe.json.
 */
final class OdpeDriftShape implements DriftPayloadShape {

    static final String TYPE = "dev.odpe.drift";

    @Override
    public String name() {
        return "odpe";
    }

    @Override
    public boolean accepts(CloudEvent event, JsonNode data) {
        return TYPE.equals(event.getType());
    }

    @Override
    public DriftEvent read(CloudEvent event, JsonNode data, EventContext context) throws InvalidDriftEvent {
        double score = number(data, "score");
        double threshold = number(data, "threshold");
        boolean drifted = drifted(data, score, threshold);
        return new DriftEvent(
                context.eventId(),
                context.namespaceOr(text(data, "namespace")),
                EventContext.required("model", text(data, "model"), context.model(), "model"),
                EventContext.required("version", text(data, "version"), context.modelVersion(), "modelversion"),
                drifted,
                text(data, "feature"),
                score,
                threshold,
                data.hasNonNull("detector") ? data.get("detector").asText() : "odpe",
                time(data, context));
    }

    private static boolean drifted(JsonNode data, double score, double threshold) throws InvalidDriftEvent {
        JsonNode node = data.get("drifted");
        if (node == null || node.isNull()) {
            return score >= threshold;
        }
        if (!node.isBoolean()) {
            throw new InvalidDriftEvent("data.drifted must be true or false when given");
        }
        return node.booleanValue();
    }

    private static String text(JsonNode data, String field) {
        JsonNode node = data.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static double number(JsonNode data, String field) throws InvalidDriftEvent {
        JsonNode node = data.get(field);
        if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new InvalidDriftEvent("data." + field + " must be a finite number");
        }
        return node.asDouble();
    }

    private static Instant time(JsonNode data, EventContext context) throws InvalidDriftEvent {
        String text = text(data, "time");
        if (text == null) {
            return context.time();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new InvalidDriftEvent("data.time must be an RFC 3339 timestamp, got '" + text + "'");
        }
    }
}
