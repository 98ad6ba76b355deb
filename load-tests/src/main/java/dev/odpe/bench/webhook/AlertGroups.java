package dev.odpe.bench.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Distinct Alertmanager v4 groups of latency alerts, each alert for its own pool, so every alert is
 * new to the engine's dedupe, lands on its own (type, target) cooldown and becomes exactly one
 * {@code ScalePool} decision of the default pack. The fingerprint is the correlation key with the
 * decision's {@code causes}.
 */
public final class AlertGroups {

    /** One request body and the fingerprints of the alerts it carries. */
    public record Group(long sequence, byte[] body, List<String> fingerprints) {
    }

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
        List<String> fingerprints = new ArrayList<>(alertsPerGroup);
        StringBuilder json = new StringBuilder(512 * alertsPerGroup);
        json.append("{\"version\":\"4\",\"groupKey\":\"{}:{bench=\\\"").append(runId).append('-').append(sequence)
                .append("\\\"}\",\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"odpe\",")
                .append("\"groupLabels\":{\"alertname\":\"TritonP99LatencyHigh\"},")
                .append("\"commonLabels\":{\"alertname\":\"TritonP99LatencyHigh\",\"signal\":\"latency\",")
                .append("\"namespace\":\"bench\",\"severity\":\"page\"},")
                .append("\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager.bench:9093\",\"alerts\":[");
        for (int i = 0; i < alertsPerGroup; i++) {
            String pool = runId + "-" + sequence + "-" + i;
            String fingerprint = fingerprint(sequence, i);
            fingerprints.add(fingerprint);
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"status\":\"firing\",\"labels\":{\"alertname\":\"TritonP99LatencyHigh\",")
                    .append("\"signal\":\"latency\",\"namespace\":\"bench\",\"pool\":\"").append(pool)
                    .append("\",\"model\":\"bert\",\"version\":\"8\",\"severity\":\"page\"},")
                    .append("\"annotations\":{\"summary\":\"p99 latency above SLO\"},")
                    .append("\"startsAt\":\"").append(startsAt).append("\",")
                    .append("\"endsAt\":\"0001-01-01T00:00:00Z\",")
                    .append("\"generatorURL\":\"http://prometheus.bench:9090/graph\",")
                    .append("\"fingerprint\":\"").append(fingerprint).append("\"}");
        }
        json.append("]}");
        return new Group(sequence, json.toString().getBytes(StandardCharsets.UTF_8), List.copyOf(fingerprints));
    }

    private String fingerprint(long sequence, int index) {
        return runId + "-" + Long.toHexString(sequence * alertsPerGroup + index);
    }
}
