package dev.odpe.engine.adapter.alertmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.odpe.engine.ingest.alertmanager.AlertmanagerAlert;
import java.time.Instant;
import java.util.Map;

/**
 * One alert of Alertmanager's {@code GET /api/v2/alerts} answer (a "gettableAlert"); only what
 * the mapping needs. Its {@code fingerprint} is the one webhook payloads carry.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL,
        String fingerprint,
        Status status) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String state) {}

    /** Active: neither silenced nor inhibited (the query asks for these only; checked again here). */
    boolean active() {
        return status == null || status.state() == null || "active".equals(status.state());
    }

    /** The same alert as a firing webhook alert, so the webhook's mapping (and label contract) applies. */
    AlertmanagerAlert asFiring() {
        return new AlertmanagerAlert(
                AlertmanagerAlert.FIRING,
                labels == null ? Map.of() : labels,
                annotations,
                startsAt,
                endsAt,
                generatorURL,
                fingerprint);
    }
}
