package dev.odpe.engine.ingest.alertmanager;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import java.util.Map;

/**
 * The Alertmanager webhook body, version 4 (Alertmanager 0.25+; {@code notification_reason} since
 * 0.32, {@code routeLabels} since 0.34). Unknown fields are ignored so newer Alertmanagers keep
 * working. Only what ingest needs is required; the group fields are informational (spans, logs).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record AlertmanagerWebhook(
        @NotNull(message = "is required and must be \"4\"")
        @Pattern(regexp = SUPPORTED_VERSION, message = "must be \"4\" (Alertmanager webhook payload version 4)")
        String version,

        String groupKey,
        Integer truncatedAlerts,
        String status,
        String receiver,
        Map<String, String> groupLabels,
        Map<String, String> commonLabels,
        Map<String, String> commonAnnotations,
        String externalURL,
        @JsonProperty("notification_reason") String notificationReason,
        JsonNode routeLabels,

        @NotNull(message = "is required (an array of alerts)")
        List<@NotNull(message = "must be an alert object, not null") @Valid AlertmanagerAlert> alerts) {

    public static final String SUPPORTED_VERSION = "4";
}
