package dev.odpe.engine.scaler.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Failure;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Reason;
import java.io.IOException;
import java.util.Set;

/**
 * Reads Prometheus' {@code /api/v1/query} answer: one number from a one-sample vector or a scalar;
 * everything else a {@link Failure} that says what was wrong.
 */
final class InstantQueryResponse {

    /** Prometheus {@code errorType}s that a later attempt may not hit. */
    private static final Set<String> TRANSIENT_ERROR_TYPES = Set.of("timeout", "canceled", "execution", "internal",
            "unavailable");

    private final ObjectMapper json;

    InstantQueryResponse(ObjectMapper json) {
        this.json = json;
    }

    QueryAnswer read(int httpStatus, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            return httpStatus >= 500 ? new Failure(Reason.SERVER_ERROR, "HTTP " + httpStatus)
                    : new Failure(Reason.UNEXPECTED_RESPONSE, "HTTP " + httpStatus + ", body is not JSON");
        }
        if (root == null || !root.has("status")) {
            return new Failure(Reason.UNEXPECTED_RESPONSE, "HTTP " + httpStatus + ", not a Prometheus query API answer");
        }
        if (!"success".equals(root.path("status").asText())) {
            return error(httpStatus, root);
        }
        JsonNode data = root.path("data");
        return switch (data.path("resultType").asText()) {
            case "vector" -> vector(data.path("result"));
            case "scalar" -> number(data.path("result").path(1));
            default -> new Failure(Reason.BAD_QUERY, "result type '" + data.path("resultType").asText()
                    + "'; the query must return an instant vector with one series, or a scalar");
        };
    }

    private static QueryAnswer error(int httpStatus, JsonNode root) {
        String type = root.path("errorType").asText("");
        String message = "Prometheus " + (type.isEmpty() ? "error" : type) + ": " + root.path("error").asText("");
        if (httpStatus >= 500 || TRANSIENT_ERROR_TYPES.contains(type)) {
            return new Failure(type.equals("timeout") ? Reason.TIMEOUT : Reason.SERVER_ERROR, message);
        }
        return new Failure(Reason.BAD_QUERY, message);
    }

    private static QueryAnswer vector(JsonNode result) {
        if (result.isEmpty()) {
            return new Failure(Reason.NO_SERIES, "the query returned no series (no data is not read as 0; "
                    + "wrap it as (query) or vector(0) if 0 is really meant)");
        }
        if (result.size() > 1) {
            return new Failure(Reason.MANY_SERIES, "the query returned " + result.size()
                    + " series; aggregate to one, e.g. sum(...) or max(...)");
        }
        return number(result.get(0).path("value").path(1));
    }

    private static QueryAnswer number(JsonNode text) {
        if (text.asText().endsWith("Inf")) { // Prometheus writes +Inf / -Inf, which Java does not parse
            return new Failure(Reason.NOT_A_NUMBER, "the query returned " + text.asText());
        }
        double value;
        try {
            value = Double.parseDouble(text.asText());
        } catch (NumberFormatException e) {
            return new Failure(Reason.UNEXPECTED_RESPONSE, "sample value '" + text.asText() + "' is not a number");
        }
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return new Failure(Reason.NOT_A_NUMBER, "the query returned " + text.asText());
        }
        return new QueryAnswer.Sample(value);
    }
}
