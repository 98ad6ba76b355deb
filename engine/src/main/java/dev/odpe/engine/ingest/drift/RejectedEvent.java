package dev.odpe.engine.ingest.drift;

/**
 * A drift event that can never be evaluated, whatever the retry: it is answered 400 over HTTP and
 * sent to the dead-letter topic over Kafka, with {@link Reason} as the machine-readable cause.
 */
public final class RejectedEvent extends RuntimeException {

    /** Why an event was rejected; the name is the value of the dead-letter header {@code odpe-reason}. */
    public enum Reason {
        NOT_A_CLOUDEVENT("not a CloudEvent"),
        NO_DATA("no data"),
        DATA_NOT_JSON("data is not JSON"),
        DATA_NOT_AN_OBJECT("data is not a JSON object"),
        UNKNOWN_SHAPE("unknown drift payload"),
        INVALID_FIELDS("invalid drift event");

        private final String title;

        Reason(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private final Reason reason;

    public RejectedEvent(Reason reason, String detail) {
        super(detail, null, false, false); // an expected outcome, not a bug: no stack trace
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
