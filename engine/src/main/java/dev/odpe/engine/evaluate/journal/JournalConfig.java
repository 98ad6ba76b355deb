package dev.odpe.engine.evaluate.journal;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** The input journal (docs/input-journal.md): logger {@code dev.odpe.input}, and a Kafka topic when enabled. */
@ConfigMapping(prefix = "odpe.journal")
public interface JournalConfig {

    /** Record every evaluated input. Off: no line is written, nothing is queued. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Records waiting for their log line (and Kafka). When full, records are dropped (counted, and a
     * {@code gap} record says how many) rather than ever holding up evaluation.
     */
    @WithDefault("10000")
    @Min(1)
    int queueCapacity();
}
