package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.Optional;

/** The one registration point for drift payload shapes, tried in order: the first that accepts reads. */
public final class DriftPayloadShapes {

    private final List<DriftPayloadShape> shapes =
            List.of(new OdpeDriftShape(), new AlibiDetectShape(), new EvidentlyShape());

    public Optional<DriftPayloadShape> shapeOf(CloudEvent event, JsonNode data) {
        return shapes.stream().filter(s -> s.accepts(event, data)).findFirst();
    }

    public List<String> names() {
        return shapes.stream().map(DriftPayloadShape::name).toList();
    }
}
