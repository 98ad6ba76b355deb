package dev.odpe.engine.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** Alertmanager v4 webhook bodies for tests: the committed examples, or one alert built from labels. */
public final class AlertmanagerPayloads {

    private AlertmanagerPayloads() {
    }

    /** A file from the repository's {@code examples/} folder (tests run with the module as working dir). */
    public static String example(String name) {
        try {
            return Files.readString(Path.of("..", "examples", name));
        } catch (IOException e) {
            throw new UncheckedIOException("example payload " + name + " is missing from examples/", e);
        }
    }

    /** One firing alert with these labels, in a group of its own. */
    public static String firing(String fingerprint, String startsAt, Map<String, String> labels) {
        return group("firing", fingerprint, startsAt, "0001-01-01T00:00:00Z", labels);
    }

    /** The same alert, resolved. */
    public static String resolved(String fingerprint, String startsAt, String endsAt, Map<String, String> labels) {
        return group("resolved", fingerprint, startsAt, endsAt, labels);
    }

    private static String group(String status, String fingerprint, String startsAt, String endsAt,
            Map<String, String> labels) {
        String labelJson = labels.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
        return """
                {"version":"4","groupKey":"{}:{fingerprint=\\"%1$s\\"}","truncatedAlerts":0,"status":"%2$s",
                 "receiver":"odpe","groupLabels":{},"commonLabels":%3$s,"commonAnnotations":{},
                 "externalURL":"http://alertmanager.test:9093",
                 "alerts":[{"status":"%2$s","labels":%3$s,"annotations":{"summary":"test"},
                   "startsAt":"%4$s","endsAt":"%5$s","generatorURL":"http://prometheus.test:9090/graph",
                   "fingerprint":"%1$s"}]}
                """.formatted(fingerprint, status, labelJson, startsAt, endsAt);
    }
}
