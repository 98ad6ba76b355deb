package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.databind.JsonNode;
import io.cloudevents.CloudEvent;

/**
 * One drift detector's payload shape. One file per shape; register it in {@link DriftPayloadShapes}.
 * See docs/drift-events.md for the shapes and CONTRIBUTING.md for how to add one.
 */
public interface DriftPayloadShape {

    /** Short name for errors and metrics, e.g. {@code alibi-detect}. */
    String name();

    /** Whether this shape reads the event (by CloudEvent type or by the data's structure). */
    boolean accepts(CloudEvent event, JsonNode data);

    /** Reads the event; {@code context} holds what CloudEvent attributes and config provide. */
    DriftEvent read(CloudEvent event, JsonNode data, EventContext context) throws InvalidDriftEvent;
}
