package dev.odpe.engine.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.drift.DriftEvent;
import dev.odpe.engine.drift.DriftPayloadShape;
import dev.odpe.engine.drift.DriftPayloadShapes;
import dev.odpe.engine.drift.InvalidDriftEvent;
import dev.odpe.engine.drift.ShapeReader;
import dev.odpe.engine.http.Problem;
import dev.odpe.engine.http.ProblemException;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.message.MessageReader;
import io.cloudevents.http.HttpMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP request → CloudEvent (CloudEvents HTTP binding, binary or structured JSON, via the CloudEvents
 * SDK) → {@link DriftEvent} through the first payload shape that accepts it. Every failure is a 400
 * problem that says what is wrong; nothing is half-read.
 */
final class DriftEventReader {

    private static final String TYPE_PREFIX = "urn:odpe:problem:events:";

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
        } catch (CloudEventRWException | IllegalStateException e) {
            throw invalid("not a CloudEvent", "not a valid CloudEvent (HTTP binding, binary with ce-* headers "
                    + "or structured application/cloudevents+json): " + e.getMessage());
        }
    }

    DriftEvent drift(CloudEvent event) {
        JsonNode data = data(event);
        DriftPayloadShape shape = shapes.shapeOf(event, data).orElseThrow(() -> invalid("unknown drift payload",
                "event type '" + event.getType() + "': data matches no known drift shape " + shapes.names()
                        + " (see engine/README.md, Drift events)"));
        try {
            return ShapeReader.read(shape, event, data, defaultNamespace, clock.instant());
        } catch (InvalidDriftEvent e) {
            throw invalid("invalid drift event", shape.name() + " event " + event.getId() + ": " + e.getMessage());
        }
    }

    private JsonNode data(CloudEvent event) {
        if (event.getData() == null) {
            throw invalid("no data", "the CloudEvent has no data");
        }
        String contentType = event.getDataContentType();
        if (contentType != null && !contentType.contains("json")) {
            throw invalid("data is not JSON", "datacontenttype '" + contentType + "': drift data must be JSON");
        }
        try {
            JsonNode data = json.readTree(event.getData().toBytes());
            if (data == null || !data.isObject()) {
                throw invalid("data is not a JSON object", "the CloudEvent data must be a JSON object");
            }
            return data;
        } catch (IOException e) {
            throw invalid("data is not JSON", "the CloudEvent data is not valid JSON: " + e.getMessage());
        }
    }

    private static ProblemException invalid(String title, String detail) {
        return new ProblemException(Problem.of(URI.create(TYPE_PREFIX + "invalid-event"), "Invalid drift event: "
                + title, 400, detail), Map.of());
    }
}
