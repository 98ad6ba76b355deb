package dev.odpe.bench.rollback;

import java.nio.charset.StandardCharsets;

/** One Alertmanager v4 group with one firing errors alert for model {@code m-i} version 8 (→ RollbackModel). */
final class ErrorsAlert {

    private ErrorsAlert() {
    }

    static byte[] forModel(int i) {
        String json = ("{\"version\":\"4\",\"groupKey\":\"{}:{model=\\\"m-%d\\\"}\",\"truncatedAlerts\":0,"
                + "\"status\":\"firing\",\"receiver\":\"odpe\",\"groupLabels\":{},\"commonLabels\":{},"
                + "\"commonAnnotations\":{},\"externalURL\":\"http://alertmanager.bench:9093\",\"alerts\":[{"
                + "\"status\":\"firing\",\"labels\":{\"alertname\":\"TritonErrorRateHigh\",\"signal\":\"errors\","
                + "\"namespace\":\"bench\",\"model\":\"m-%d\",\"version\":\"8\",\"severity\":\"page\"},"
                + "\"annotations\":{},\"startsAt\":\"2026-11-28T10:00:00Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"generatorURL\":\"http://prometheus.bench:9090/graph\",\"fingerprint\":\"e%015x\"}]}")
                .formatted(i, i, i);
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
