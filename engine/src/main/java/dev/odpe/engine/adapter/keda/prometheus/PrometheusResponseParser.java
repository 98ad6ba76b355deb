package dev.odpe.engine.adapter.keda.prometheus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns an answer of Prometheus' instant query API ({@code /api/v1/query}) into a
 * {@link QueryOutcome}: exactly one number, or a typed failure that says what came back.
 */
public final class PrometheusResponseParser {

    /** Enough of a foreign body (a proxy's HTML page) to recognise it, not enough to flood a log line. */
    private static final int SNIPPET_CHARS = 200;
    /** Series shown when a query returns several: enough to see which label splits them. */
    private static final int SERIES_SHOWN = 3;

    private final ObjectMapper json;

    public PrometheusResponseParser(ObjectMapper json) {
        this.json = json;
    }

    public QueryOutcome parse(int httpStatus, String body) {
        if (httpStatus == 401 || httpStatus == 403) {
            return new QueryOutcome.Failure(
                    FailureReason.AUTH_FAILED,
                    "HTTP " + httpStatus + " "
                            + (httpStatus == 401
                                    ? "(missing or wrong credentials: odpe.scaler.prometheus.auth.*)"
                                    : "(the credentials may not query this Prometheus)"));
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.path("status").isTextual()) {
            return notPrometheus(httpStatus, body);
        }
        if ("error".equals(root.path("status").asText())) {
            return apiError(
                    httpStatus,
                    root.path("errorType").asText("unknown"),
                    root.path("error").asText(""));
        }
        if (!"success".equals(root.path("status").asText()) || httpStatus / 100 != 2) {
            return notPrometheus(httpStatus, body);
        }
        JsonNode data = root.path("data");
        String resultType = data.path("resultType").asText("");
        JsonNode result = data.path("result");
        return switch (resultType) {
            case "vector" -> vector(result);
            case "scalar" -> number(result.path(1));
            default ->
                new QueryOutcome.Failure(
                        FailureReason.UNSUPPORTED_RESULT,
                        "result type '" + resultType
                                + "'; an instant query must give one number (wrap a range selector in rate(), avg_over_time(), …)");
        };
    }

    private QueryOutcome vector(JsonNode series) {
        if (series.size() == 0) {
            return new QueryOutcome.Failure(
                    FailureReason.NO_SERIES,
                    "empty vector (a label that matches nothing, "
                            + "no target scraped, or no pods); if no series really means zero load, end the query with 'or vector(0)'");
        }
        if (series.size() > 1) {
            StringBuilder shown = new StringBuilder();
            for (int i = 0; i < Math.min(SERIES_SHOWN, series.size()); i++) {
                shown.append(i == 0 ? "" : ", ").append(series.get(i).path("metric"));
            }
            return new QueryOutcome.Failure(
                    FailureReason.MANY_SERIES,
                    series.size() + " series (" + shown + (series.size() > SERIES_SHOWN ? ", …" : "")
                            + "); aggregate them to one, e.g. sum(...) or max(...)");
        }
        return number(series.get(0).path("value").path(1));
    }

    /** Prometheus writes sample values as strings: "1.5", "NaN", "+Inf", "-Inf". */
    private static QueryOutcome number(JsonNode value) {
        String text = value.asText("");
        switch (text) {
            case "NaN":
                return new QueryOutcome.Sample(Double.NaN);
            case "+Inf":
                return new QueryOutcome.Sample(Double.POSITIVE_INFINITY);
            case "-Inf":
                return new QueryOutcome.Sample(Double.NEGATIVE_INFINITY);
            default:
                try {
                    return new QueryOutcome.Sample(Double.parseDouble(text));
                } catch (NumberFormatException e) {
                    return new QueryOutcome.Failure(
                            FailureReason.UNSUPPORTED_RESULT, "sample value '" + text + "' is not a number");
                }
        }
    }

    /** Prometheus' error types (web/api/v1): bad_data 400, execution 422, timeout/canceled 503, internal 500. */
    private static QueryOutcome apiError(int httpStatus, String errorType, String error) {
        String detail = errorType + ": " + error;
        FailureReason reason = switch (errorType) {
            case "bad_data" -> FailureReason.QUERY_REJECTED;
            case "execution" -> FailureReason.QUERY_FAILED;
            case "timeout", "canceled", "internal", "unavailable" -> FailureReason.BACKEND_ERROR;
            default -> httpStatus >= 500 ? FailureReason.BACKEND_ERROR : FailureReason.QUERY_REJECTED;
        };
        return new QueryOutcome.Failure(reason, detail);
    }

    private static QueryOutcome notPrometheus(int httpStatus, String body) {
        String snippet = body == null ? "" : body.strip();
        if (snippet.length() > SNIPPET_CHARS) {
            snippet = snippet.substring(0, SNIPPET_CHARS) + "…";
        }
        String detail = "HTTP " + httpStatus + (snippet.isEmpty() ? "" : ": " + snippet);
        // A gateway or Prometheus itself in trouble (502/503/504) may recover; anything else is a wrong URL.
        return new QueryOutcome.Failure(
                httpStatus >= 500 ? FailureReason.BACKEND_ERROR : FailureReason.MALFORMED_RESPONSE, detail);
    }
}
