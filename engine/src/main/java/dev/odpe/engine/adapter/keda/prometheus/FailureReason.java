package dev.odpe.engine.adapter.keda.prometheus;

import java.util.Locale;

/**
 * Why an instant query gave no usable number. <b>Transient</b>: Prometheus did not answer (down,
 * slow, overloaded) — a later refresh may succeed, so the last good value stays readable and ages
 * until the trigger's {@code maxStaleness}. <b>Permanent</b>: Prometheus answered, and the answer is
 * not one number — the same query over the same data fails the same way, so the reading fails at
 * once and the old value is dropped (it describes a world the query no longer sees).
 */
public enum FailureReason {

    /** An empty vector: no series matched. Never read as 0; {@code or vector(0)} opts in to that. */
    NO_SERIES(false, "query returned no series"),
    /** A vector of several series: the scaler needs one number. */
    MANY_SERIES(false, "query returned several series"),
    /** A matrix or string result, or a sample whose value is not a number. */
    UNSUPPORTED_RESULT(false, "query result is not one number"),
    /** Prometheus refused the query ({@code bad_data}, HTTP 400): syntax or parameters. */
    QUERY_REJECTED(false, "prometheus rejected the query"),
    /** Prometheus could not evaluate it ({@code execution}, HTTP 422), e.g. many-to-many matching. */
    QUERY_FAILED(false, "prometheus could not evaluate the query"),
    /** The answer is not a Prometheus API response (wrong URL, a proxy's page). */
    MALFORMED_RESPONSE(false, "not a prometheus query API response"),
    /** More distinct queries than odpe.scaler.prometheus.max-tracked-queries; this one is not refreshed. */
    TOO_MANY_QUERIES(false, "query not tracked"),
    /**
     * Prometheus (or the proxy in front) refused the credentials (HTTP 401/403), or they could not be read.
     * Transient: a rotated token or an updated Secret is read again before the next query.
     */
    AUTH_FAILED(true, "prometheus refused the credentials"),
    /** Prometheus answered with a server error: 5xx, or errorType timeout/canceled/internal/unavailable. */
    BACKEND_ERROR(true, "prometheus failed to answer"),
    /** No HTTP answer: connection refused, reset, DNS. */
    UNREACHABLE(true, "prometheus unreachable"),
    /** No answer within odpe.scaler.prometheus.query-timeout. */
    TIMEOUT(true, "prometheus did not answer in time");

    private final boolean transientFailure;
    private final String summary;

    FailureReason(boolean transientFailure, String summary) {
        this.transientFailure = transientFailure;
        this.summary = summary;
    }

    /** True when a retry may succeed with the same query and data; see the class comment. */
    public boolean isTransient() {
        return transientFailure;
    }

    /** The opening words of the reading's reason, e.g. {@code prometheus unreachable}. */
    public String summary() {
        return summary;
    }

    /** The {@code outcome} label of {@code odpe_signal_refresh_total}, e.g. {@code no_series}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
