package dev.odpe.engine.ingest.alertmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;
import java.util.Map;

/** One alert of an {@link AlertmanagerWebhook}. {@code endsAt} is year 1 while the alert fires. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerAlert(
        @NotNull(message = "is required (\"firing\" or \"resolved\")")
        @Pattern(regexp = FIRING + "|" + RESOLVED, message = "must be \"firing\" or \"resolved\"")
        String status,

        @NotNull(message = "is required (the alert's label set)")
        Map<String, String> labels,

        Map<String, String> annotations,

        @NotNull(message = "is required (RFC 3339 timestamp)")
        Instant startsAt,

        Instant endsAt,
        String generatorURL,
        String fingerprint) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    public boolean firing() {
        return FIRING.equals(status);
    }

    /** Label value, treating an absent label and a blank value alike (Prometheus drops empty labels). */
    public String label(String name) {
        String value = labels.get(name);
        return value == null || value.isBlank() ? null : value;
    }
}
