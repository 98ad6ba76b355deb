package dev.odpe.engine.ingest.drift;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import java.util.Optional;

/** Drift events as CloudEvents ({@code POST /api/v1/events}); see docs/drift-events.md. */
@ConfigMapping(prefix = "odpe.events")
public interface EventsConfig {

    /** Namespace for events that carry none (neither {@code data.namespace} nor the extension {@code namespace}). */
    Optional<String> defaultNamespace();

    Dedupe dedupe();

    interface Dedupe {

        /** CloudEvent (source, id) pairs remembered, to drop redeliveries. */
        @WithDefault("100000")
        @Min(1)
        int maxEntries();

        /** How long a (source, id) pair is remembered. */
        @WithDefault("26h")
        Duration ttl();
    }
}
