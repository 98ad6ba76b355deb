package dev.odpe.testsupport;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An alert as a Prometheus server would post it to Alertmanager's {@code POST /api/v2/alerts}.
 * Alertmanager derives the fingerprint from the labels, so re-posting the same labels with an
 * {@code endsAt} in the past resolves the alert.
 */
public record TestAlert(
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant startsAt,
        Instant endsAt,
        String generatorURL) {

    public TestAlert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** The default pack's latency breach for one pool: signal, namespace, pool, model, severity. */
    public static TestAlert latencyBreach(String namespace, String pool, Instant startsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "TritonP99LatencyHigh");
        labels.put("signal", "latency");
        labels.put("namespace", namespace);
        labels.put("pool", pool);
        labels.put("model", "resnet50");
        labels.put("version", "1");
        labels.put("severity", "page");
        return new TestAlert(
                labels,
                Map.of("summary", "p99 latency above SLO"),
                startsAt,
                null,
                "http://prometheus.test/graph?g0.expr=odpe_it");
    }

    /** The default pack's errors breach of one model version (→ {@code RollbackModel}): signal, namespace, model, version. */
    public static TestAlert errorsBreach(String namespace, String model, String version, Instant startsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "TritonErrorRateHigh");
        labels.put("signal", "errors");
        labels.put("namespace", namespace);
        labels.put("model", model);
        labels.put("version", version);
        labels.put("severity", "page");
        return new TestAlert(
                labels,
                Map.of("summary", "error rate above SLO"),
                startsAt,
                null,
                "http://prometheus.test/graph?g0.expr=odpe_it");
    }

    /** The same alert (same labels, hence same fingerprint) ended at {@code endsAt}. */
    public TestAlert resolvedAt(Instant endsAt) {
        return new TestAlert(labels, annotations, startsAt, endsAt, generatorURL);
    }

    /** The JSON object Alertmanager's v2 API expects; absent times are left for Alertmanager to fill in. */
    Map<String, Object> toApiV2() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("labels", labels);
        json.put("annotations", annotations);
        if (startsAt != null) {
            json.put("startsAt", startsAt.toString());
        }
        if (endsAt != null) {
            json.put("endsAt", endsAt.toString());
        }
        json.put("generatorURL", generatorURL);
        return json;
    }
}
