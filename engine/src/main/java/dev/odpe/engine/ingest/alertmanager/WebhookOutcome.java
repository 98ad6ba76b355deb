package dev.odpe.engine.ingest.alertmanager;

/** How a webhook request ended; the {@code outcome} tag of {@code odpe_webhook_requests_total}. */
public enum WebhookOutcome {
    ACCEPTED("accepted"),
    VALIDATED("validated"),
    BAD_REQUEST("bad-request"),
    UNAUTHORIZED("unauthorized"),
    TOO_LARGE("too-large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    EVALUATION_UNAVAILABLE("evaluation-unavailable"),
    ERROR("error");

    private final String tag;

    WebhookOutcome(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }

    static WebhookOutcome ofStatus(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> EVALUATION_UNAVAILABLE;
            default -> ERROR;
        };
    }
}
