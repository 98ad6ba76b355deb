package dev.odpe.engine.ingest;

import dev.odpe.engine.http.Problem;
import dev.odpe.engine.http.ProblemException;
import dev.odpe.engine.leader.Leadership;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The problems the Alertmanager webhook answers with; {@code type} URIs are stable. */
public final class WebhookProblems {

    private static final String TYPE_PREFIX = "urn:odpe:problem:webhook:";

    private WebhookProblems() {}

    public static ProblemException malformedJson(String detail) {
        return new ProblemException(problem("malformed-json", "Malformed JSON", 400, detail));
    }

    public static ProblemException unsupportedVersion(String detail) {
        return new ProblemException(problem("unsupported-version", "Unsupported payload version", 400, detail)
                .withField("version"));
    }

    public static ProblemException invalidPayload(List<Problem.Violation> violations) {
        Problem.Violation first = violations.get(0);
        String detail = violations.size() == 1
                ? first.field() + " " + first.message()
                : first.field() + " " + first.message() + " (and " + (violations.size() - 1) + " more, see errors)";
        Problem problem = problem("invalid-payload", "Invalid Alertmanager payload", 400, detail)
                .withField(first.field());
        return new ProblemException(violations.size() > 1 ? problem.withErrors(violations) : problem);
    }

    public static ProblemException bodyTooLarge(long limit) {
        return new ProblemException(tooLarge(limit));
    }

    public static Problem tooLarge(long limit) {
        return problem(
                "body-too-large",
                "Request body too large",
                413,
                "the body exceeds odpe.webhook.max-body-bytes=" + limit
                        + " bytes; lower max_alerts in the Alertmanager webhook_config or raise the limit");
    }

    public static ProblemException unsupportedMediaType(String contentType) {
        String detail = contentType == null || contentType.isBlank()
                ? "no Content-Type header; send the Alertmanager payload as application/json"
                : "Content-Type \"" + contentType + "\" is not supported; send application/json";
        return new ProblemException(problem("unsupported-media-type", "Unsupported media type", 415, detail));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(
                problem("unauthorized", "Missing or invalid bearer token", 401, detail),
                Map.of("WWW-Authenticate", "Bearer realm=\"odpe\""));
    }

    public static ProblemException badSignature(String detail) {
        return new ProblemException(
                problem("invalid-signature", "Missing or invalid body signature", 401, detail)
                        .withField(WebhookSignature.HEADER),
                Map.of("WWW-Authenticate", "Signature realm=\"odpe\", header=\"" + WebhookSignature.HEADER + "\""));
    }

    public static ProblemException evaluationUnavailable(String why, Duration retryAfter) {
        return new ProblemException(
                problem(
                        "evaluation-unavailable",
                        "Evaluation cannot take more work",
                        503,
                        why + "; nothing from this request was accepted, retry later"),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
    }

    /**
     * A follower got a webhook or drift event: only the leader takes them (the ingest Service selects its pod, but a
     * request may still arrive during a failover). 503 so that Alertmanager retries; by then the Service routes to
     * the leader.
     */
    public static ProblemException notLeader(Leadership.Status status, Duration retryAfter) {
        return new ProblemException(
                problem(
                        "not-leader",
                        "This replica is not the leader",
                        503,
                        "replica " + status.identity() + " is " + status.roleName()
                                + status.leader()
                                        .map(l -> "; the leader is " + l)
                                        .orElse("; no leader yet")
                                + ". Only the leader takes webhooks and drift events (send them to the ingest Service "
                                + "odpe-engine-ingest); nothing from this request was accepted, retry later"),
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
    }

    /** Throws {@link #notLeader} unless this replica leads. */
    public static void requireLeader(Leadership leadership, Duration retryAfter) {
        if (!leadership.isLeader()) {
            throw notLeader(leadership.status(), retryAfter);
        }
    }

    private static Problem problem(String slug, String title, int status, String detail) {
        return Problem.of(URI.create(TYPE_PREFIX + slug), title, status, detail);
    }
}
