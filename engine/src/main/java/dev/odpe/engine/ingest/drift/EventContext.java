package dev.odpe.engine.ingest.drift;

import io.cloudevents.CloudEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * What a shape may need beyond its data: the CloudEvent's identity and time, the extensions
 * {@code namespace}, {@code model}, {@code modelversion}, and the configured default namespace.
 */
public record EventContext(
        String eventId,
        Instant time,
        Optional<String> namespace,
        Optional<String> model,
        Optional<String> modelVersion,
        Optional<String> defaultNamespace) {

    static EventContext of(CloudEvent event, Optional<String> defaultNamespace, Instant now) {
        Instant time = event.getTime() == null ? now : event.getTime().toInstant();
        return new EventContext(
                event.getSource() + "#" + event.getId(),
                time,
                extension(event, "namespace"),
                extension(event, "model"),
                extension(event, "modelversion"),
                defaultNamespace);
    }

    private static Optional<String> extension(CloudEvent event, String name) {
        Object value = event.getExtension(name);
        return value == null || value.toString().isBlank() ? Optional.empty() : Optional.of(value.toString());
    }

    /** First present of {@code fromData} and the extension, else the failure names every place looked. */
    static String required(String field, String fromData, Optional<String> fromExtension, String extensionName)
            throws InvalidDriftEvent {
        if (fromData != null && !fromData.isBlank()) {
            return fromData;
        }
        return fromExtension.orElseThrow(() -> new InvalidDriftEvent(
                field + " missing: set it in the data or as the " + "CloudEvent extension '" + extensionName + "'"));
    }

    String namespaceOr(String fromData) throws InvalidDriftEvent {
        if (fromData != null && !fromData.isBlank()) {
            return fromData;
        }
        return namespace
                .or(() -> defaultNamespace)
                .orElseThrow(() -> new InvalidDriftEvent("namespace missing: set "
                        + "data.namespace, the CloudEvent extension 'namespace', or odpe.events.default-namespace"));
    }
}
