package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.Optional;

/** Runs a shape with the event's context (kept here so {@link EventContext#of} stays package-private). */
public final class ShapeReader {

    private ShapeReader() {}

    public static DriftEvent read(
            DriftPayloadShape shape, CloudEvent event, JsonNode data, Optional<String> defaultNamespace, Instant now)
            throws InvalidDriftEvent {
        return shape.read(event, data, EventContext.of(event, defaultNamespace, now));
    }
}
