package dev.odpe.bench.webhook;

import dev.odpe.testsupport.AlertmanagerPayloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Distinct Alertmanager v4 groups of latency alerts, each alert for its own pool, so every alert is
 * new to the engine's dedupe, lands on its own (type, target) cooldown and becomes exactly one
 * {@code ScalePool} decision of the default pack. The fingerprint is the correlation key with the
 * decision's {@code causes}.
 */
public final class AlertGroups {

    /** One request body and the fingerprints of the alerts it carries. */
    public record Group(long sequence, byte[] body, List<String> fingerprints) {}

    private final String runId;
    private final int alertsPerGroup;
    private final Instant startsAt;

    /** {@code runId} keeps pools and fingerprints distinct between runs against one engine. */
    public AlertGroups(String runId, int alertsPerGroup, Instant startsAt) {
        if (alertsPerGroup < 1) {
            throw new IllegalArgumentException("alertsPerGroup must be at least 1: " + alertsPerGroup);
        }
        this.runId = runId;
        this.alertsPerGroup = alertsPerGroup;
        this.startsAt = startsAt;
    }

    public String runId() {
        return runId;
    }

    /** Namespace label of every alert (the pools' namespace). */
    public static String namespace() {
        return "bench";
    }

    public int alertsPerGroup() {
        return alertsPerGroup;
    }

    public Group group(long sequence) {
        List<AlertmanagerPayloads.Alert> alerts = new ArrayList<>(alertsPerGroup);
        for (int i = 0; i < alertsPerGroup; i++) {
            alerts.add(AlertmanagerPayloads.Alert.firing(
                    fingerprint(sequence, i),
                    startsAt.toString(),
                    Map.of(
                            "alertname",
                            "TritonP99LatencyHigh",
                            "signal",
                            "latency",
                            "namespace",
                            namespace(),
                            "pool",
                            runId + "-" + sequence + "-" + i,
                            "model",
                            "bert",
                            "version",
                            "8",
                            "severity",
                            "page")));
        }
        String body = AlertmanagerPayloads.group("{}:{bench=\"" + runId + "-" + sequence + "\"}", alerts);
        return new Group(
                sequence,
                body.getBytes(StandardCharsets.UTF_8),
                alerts.stream().map(AlertmanagerPayloads.Alert::fingerprint).toList());
    }

    private String fingerprint(long sequence, int index) {
        return runId + "-" + Long.toHexString(sequence * alertsPerGroup + index);
    }
}
