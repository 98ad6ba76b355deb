package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

/**
 * Seldon's alibi-detect server: data {@code {"data": {"is_drift", "distance", "p_val", "threshold"},
 * "meta": {"name", "detector_type", ...}}}. The model and its version are not in the payload: they come
 * from the CloudEvent extensions {@code model} and {@code modelversion} (and {@code namespace}).
 * {@code is_drift} may be 0/1 or a per-feature array (any 1 = drift). Example: examples/drift-alibi-detect.*
 */
final class AlibiDetectShape implements DriftPayloadShape {

    @Override
    public String name() {
        return "alibi-detect";
    }

    @Override
    public boolean accepts(CloudEvent event, JsonNode data) {
        return data.path("data").has("is_drift");
    }

    @Override
    public DriftEvent read(CloudEvent event, JsonNode data, EventContext context) throws InvalidDriftEvent {
        JsonNode result = data.path("data");
        JsonNode meta = data.path("meta");
        String detector = meta.hasNonNull("name")
                ? meta.get("name").asText()
                : meta.path("detector_type").asText("alibi-detect");
        return new DriftEvent(
                context.eventId(),
                context.namespaceOr(null),
                EventContext.required("model", null, context.model(), "model"),
                EventContext.required("version", null, context.modelVersion(), "modelversion"),
                anyDrift(result.get("is_drift")),
                null,
                first(result.get("p_val")),
                first(result.get("threshold")),
                detector,
                context.time());
    }

    private static boolean anyDrift(JsonNode isDrift) throws InvalidDriftEvent {
        if (isDrift.isArray()) {
            for (JsonNode feature : isDrift) {
                if (feature.asInt() == 1 || feature.asBoolean()) {
                    return true;
                }
            }
            return false;
        }
        if (isDrift.isNumber() || isDrift.isBoolean()) {
            return isDrift.asInt() == 1 || isDrift.asBoolean();
        }
        throw new InvalidDriftEvent("data.data.is_drift must be 0/1, a boolean or an array of them");
    }

    private static double first(JsonNode value) {
        if (value == null || value.isNull()) {
            return Double.NaN;
        }
        JsonNode scalar = value.isArray() && !value.isEmpty() ? value.get(0) : value;
        return scalar.isNumber() ? scalar.asDouble() : Double.NaN;
    }
}
