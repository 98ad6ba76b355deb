package dev.odpe.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Alertmanager v4 webhook bodies, as Alertmanager posts them to the engine: the committed examples (as
 * text, or as a JSON tree to edit), or groups built from labels. Every alert carries its fingerprint,
 * the key a decision's {@code causes} name.
 */
public final class AlertmanagerPayloads {

    public static final String LATENCY_BREACH = "alertmanager-latency-breach.json";
    public static final String ERRORS_BREACH = "alertmanager-errors-breach.json";
    public static final String LATENCY_RESOLVED = "alertmanager-latency-resolved.json";

    /** {@code endsAt} of a firing alert, as Alertmanager sends it. */
    public static final String NOT_ENDED = "0001-01-01T00:00:00Z";

    private static final Path EXAMPLES = Path.of("..", "examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong EPISODE = new AtomicLong();

    private AlertmanagerPayloads() {}

    /** One alert of a group: firing while {@code endsAt} is {@link #NOT_ENDED}, else resolved. */
    public record Alert(String fingerprint, String startsAt, String endsAt, Map<String, String> labels) {

        public static Alert firing(String fingerprint, String startsAt, Map<String, String> labels) {
            return new Alert(fingerprint, startsAt, NOT_ENDED, labels);
        }

        String status() {
            return NOT_ENDED.equals(endsAt) ? "firing" : "resolved";
        }
    }

    /** A file from the repository's {@code examples/} folder (tests run with their module as working dir). */
    public static String example(String name) {
        try {
            return Files.readString(EXAMPLES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "example payload " + EXAMPLES.resolve(name).toAbsolutePath() + " is missing", e);
        }
    }

    /** The example with every alert's startsAt set to a fresh instant: a new alert episode, never seen before. */
    public static ObjectNode freshEpisode(String name) {
        try {
            return withStartsAt((ObjectNode) JSON.readTree(example(name)), nextEpisode());
        } catch (IOException e) {
            throw new UncheckedIOException("example payload " + name + " is not JSON", e);
        }
    }

    /** A startsAt no earlier call returned. */
    public static Instant nextEpisode() {
        return Instant.parse("2026-11-28T00:00:00Z").plusSeconds(EPISODE.incrementAndGet());
    }

    public static ObjectNode withStartsAt(ObjectNode payload, Instant startsAt) {
        payload.withArray("alerts").forEach(alert -> ((ObjectNode) alert).put("startsAt", startsAt.toString()));
        return payload;
    }

    /** The {@code index}th alert of {@code payload}, to edit in place. */
    public static ObjectNode alert(ObjectNode payload, int index) {
        return (ObjectNode) payload.withArray("alerts").get(index);
    }

    public static String json(ObjectNode payload) {
        return payload.toString();
    }

    /** One firing alert with these labels, in a group of its own. */
    public static String firing(String fingerprint, String startsAt, Map<String, String> labels) {
        return ownGroup(Alert.firing(fingerprint, startsAt, labels));
    }

    /** The same alert, resolved. */
    public static String resolved(String fingerprint, String startsAt, String endsAt, Map<String, String> labels) {
        return ownGroup(new Alert(fingerprint, startsAt, endsAt, labels));
    }

    /**
     * A group of {@code alerts} under {@code groupKey}; firing while any alert is. Common labels are those
     * every alert has with the same value.
     */
    public static String group(String groupKey, List<Alert> alerts) {
        String status = alerts.stream().anyMatch(a -> a.status().equals("firing")) ? "firing" : "resolved";
        StringBuilder json = new StringBuilder(256 + 384 * alerts.size())
                .append("{\"version\":\"4\",\"groupKey\":")
                .append(quoted(groupKey))
                .append(",\"truncatedAlerts\":0,\"status\":\"")
                .append(status)
                .append("\",\"receiver\":\"odpe\",\"groupLabels\":{},\"commonLabels\":");
        object(json, commonLabels(alerts))
                .append(",\"commonAnnotations\":{},")
                .append("\"externalURL\":\"http://alertmanager.test:9093\",\"alerts\":[");
        for (int i = 0; i < alerts.size(); i++) {
            Alert alert = alerts.get(i);
            json.append(i == 0 ? "" : ",")
                    .append("{\"status\":\"")
                    .append(alert.status())
                    .append("\",\"labels\":");
            object(json, alert.labels())
                    .append(",\"annotations\":{\"summary\":\"test\"},\"startsAt\":")
                    .append(quoted(alert.startsAt()))
                    .append(",\"endsAt\":")
                    .append(quoted(alert.endsAt()))
                    .append(",\"generatorURL\":\"http://prometheus.test:9090/graph\",\"fingerprint\":")
                    .append(quoted(alert.fingerprint()))
                    .append('}');
        }
        return json.append("]}").toString();
    }

    private static String ownGroup(Alert alert) {
        return group("{}:{fingerprint=\"" + alert.fingerprint() + "\"}", List.of(alert));
    }

    private static Map<String, String> commonLabels(List<Alert> alerts) {
        Map<String, String> common =
                new LinkedHashMap<>(alerts.isEmpty() ? Map.of() : alerts.get(0).labels());
        alerts.forEach(alert -> common.entrySet()
                .removeIf(e -> !e.getValue().equals(alert.labels().get(e.getKey()))));
        return common;
    }

    private static StringBuilder object(StringBuilder json, Map<String, String> labels) {
        json.append('{');
        labels.forEach((name, value) -> json.append(json.charAt(json.length() - 1) == '{' ? "" : ",")
                .append(quoted(name))
                .append(':')
                .append(quoted(value)));
        return json.append('}');
    }

    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
