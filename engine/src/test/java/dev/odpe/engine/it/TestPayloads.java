package dev.odpe.engine.it;

/** Hand-written webhook bodies for checks that bypass Alertmanager. */
final class TestPayloads {

    private TestPayloads() {
    }

    /** A valid Alertmanager v4 notification with one firing latency alert. */
    static String minimalFiringNotification() {
        return """
                {"version":"4","groupKey":"{}:{namespace=\\"ml-serving\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"odpe","groupLabels":{"namespace":"ml-serving"},"commonLabels":{},"commonAnnotations":{},
                 "externalURL":"http://alertmanager.test","alerts":[{"status":"firing",
                 "labels":{"alertname":"TritonP99LatencyHigh","signal":"latency","namespace":"ml-serving","pool":"triton-a100"},
                 "annotations":{},"startsAt":"2026-11-28T00:00:00Z","endsAt":"0001-01-01T00:00:00Z",
                 "generatorURL":"http://prometheus.test","fingerprint":"0123456789abcdef"}]}
                """;
    }
}
