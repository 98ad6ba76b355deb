package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

/**
 * An Evidently report's dataset-drift summary: data {@code {"metrics": [{"metric": "DatasetDriftMetric",
 * "result": {"dataset_drift", "share_of_drifted_columns", "drift_share"}}]}} (Report.as_dict()). Model
 * and version from the data's {@code model}/{@code version} or the CloudEvent extensions
 * {@code model}/{@code modelversion}. Example: examples/drift-evidently.json.
 */
final class EvidentlyShape implements DriftPayloadShape {

    private static final String DATASET_DRIFT = "DatasetDriftMetric";

    @Override
    public String name() {
        return "evidently";
    }

    @Override
    public boolean accepts(CloudEvent event, JsonNode data) {
        return datasetDrift(data) != null;
    }

    @Override
    public DriftEvent read(CloudEvent event, JsonNode data, EventContext context) throws InvalidDriftEvent {
        JsonNode result = datasetDrift(data).path("result");
        if (!result.path("dataset_drift").isBoolean()) {
            throw new InvalidDriftEvent("DatasetDriftMetric.result.dataset_drift must be true or false");
        }
        return new DriftEvent(
                context.eventId(),
                context.namespaceOr(data.path("namespace").asText(null)),
                EventContext.required("model", data.path("model").asText(null), context.model(), "model"),
                EventContext.required(
                        "version", data.path("version").asText(null), context.modelVersion(), "modelversion"),
                result.get("dataset_drift").asBoolean(),
                null,
                result.path("share_of_drifted_columns").asDouble(Double.NaN),
                result.path("drift_share").asDouble(Double.NaN),
                "evidently",
                context.time());
    }

    private static JsonNode datasetDrift(JsonNode data) {
        for (JsonNode metric : data.path("metrics")) {
            if (DATASET_DRIFT.equals(metric.path("metric").asText())) {
                return metric;
            }
        }
        return null;
    }
}
