package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.ingest.drift.RejectedEvent.Reason;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * CloudEvent → {@link DriftEvent} through the first payload shape that accepts it; for HTTP also
 * request → CloudEvent (HTTP binding, binary or structured JSON, via the CloudEvents SDK). Every
 * failure is a {@link RejectedEvent} that says what is wrong; nothing is half-read.
 */
final class DriftEventReader {

    private final ObjectMapper json;
    private final DriftPayloadShapes shapes = new DriftPayloadShapes();
    private final Optional<String> defaultNamespace;
    private final Clock clock;

    DriftEventReader(ObjectMapper json, Optional<String> defaultNamespace, Clock clock) {
        this.json = json;
        this.defaultNamespace = defaultNamespace;
        this.clock = clock;
    }

    CloudEvent cloudEvent(Map<String, String> headers, byte[] body) {
        try {
            MessageReader reader = HttpMessageFactory.createReader(headers, body);
            return reader.toEvent();
        } catch (RuntimeException e) {
            // Not only CloudEventRWException: the SDK's structured reader throws Jackson's exceptions wrapped in
            // EventDeserializationException, and a NullPointerException for a JSON null body.
            throw RejectedEvent.notACloudEvent(
                    "HTTP binding, binary with ce-* headers " + "or structured application/cloudevents+json",
                    e,
                    headers);
        }
    }

    DriftEvent drift(CloudEvent event) {
        JsonNode data = data(event);
        DriftPayloadShape shape = shapes.shapeOf(event, data)
                .orElseThrow(() -> new RejectedEvent(
                        Reason.UNKNOWN_SHAPE,
                        "event type '" + event.getType() + "': data matches no known drift shape " + shapes.names()
                                + " (see engine/README.md, Drift events)"));
        try {
            return ShapeReader.read(shape, event, data, defaultNamespace, clock.instant());
        } catch (InvalidDriftEvent e) {
            throw new RejectedEvent(
                    Reason.INVALID_FIELDS, shape.name() + " event " + event.getId() + ": " + e.getMessage());
        }
    }

    private JsonNode data(CloudEvent event) {
        if (event.getData() == null) {
            throw new RejectedEvent(Reason.NO_DATA, "the CloudEvent has no data");
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.contains("json")) {
            throw new RejectedEvent(
                    Reason.DATA_NOT_JSON, "datacontenttype '" + contentType + "': drift data must be JSON");
        }
        try {
            JsonNode data = json.readTree(event.getData().toBytes());
            if (data == null || !data.isObject()) {
                throw new RejectedEvent(Reason.DATA_NOT_AN_OBJECT, "the CloudEvent data must be a JSON object");
            }
            return data;
        } catch (IOException e) {
            throw new RejectedEvent(Reason.DATA_NOT_JSON, "the CloudEvent data is not valid JSON: " + e.getMessage());
        }
    }
}
