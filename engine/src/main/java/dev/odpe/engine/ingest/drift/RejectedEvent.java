package dev.odpe.engine.ingest.drift;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Locale;
import java.util.Map;

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

    /**
     * The CloudEvents SDK could not read a message ({@code binding} says which way it came and which modes it
     * takes): whatever the SDK threw (its own exceptions, Jackson's for a structured body, or a
     * NullPointerException for a body that is JSON {@code null}) becomes a rejection whose detail names the
     * attribute or says what is wrong with the body. The SDK's message is cut to {@value #MAX_CAUSE} characters.
     */
    public static RejectedEvent notACloudEvent(String binding, RuntimeException failure) {
        return notACloudEvent(binding, failure, Map.of());
    }

    /**
     * As {@link #notACloudEvent(String, RuntimeException)} for a binary-mode message whose attributes came as
     * headers ({@code ce-time} or {@code ce_time} and so on): the SDK's messages quote the bad value but not the
     * attribute (e.g. "Text 'x' could not be parsed"), so the header whose value the message quotes is named.
     */
    public static RejectedEvent notACloudEvent(String binding, RuntimeException failure, Map<String, String> headers) {
        String why = why(failure);
        String quoted = null;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String value = header.getValue();
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if ((name.startsWith("ce-") || name.startsWith("ce_"))
                    && value != null
                    && !value.isBlank()
                    && why.contains(value)
                    && (quoted == null || value.length() > headers.get(quoted).length())) {
                quoted = header.getKey();
            }
        }
        String attribute = quoted == null
                ? ""
                : "attribute " + quoted.substring(3).toLowerCase(Locale.ROOT) + " (header " + quoted + "): ";
        return new RejectedEvent(
                Reason.NOT_A_CLOUDEVENT, "not a valid CloudEvent (" + binding + "): " + attribute + why);
    }

    private static final int MAX_CAUSE = 200;

    private static String why(RuntimeException failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof JsonProcessingException)) {
            cause = cause.getCause();
        }
        if (cause instanceof MismatchedInputException mismatch
                && mismatch.getPath().isEmpty()
                && String.valueOf(mismatch.getOriginalMessage()).startsWith("Cannot deserialize value of type")) {
            return "the body must be a JSON object with the CloudEvent attributes (specversion, id, source, type)";
        }
        if (cause instanceof JsonProcessingException json) {
            String message = json.getOriginalMessage();
            if (message != null && message.startsWith("No content to map")) {
                return "the body is empty";
            }
            if (json instanceof JsonParseException || json instanceof JsonEOFException) {
                return "the body is not valid JSON at " + where(json.getLocation()) + ": " + cut(message);
            }
            return cut(message) + " (at " + where(json.getLocation()) + ")";
        }
        if (cause instanceof NullPointerException) {
            return "the body is JSON null; expected a CloudEvent JSON object";
        }
        return cut(cause.getMessage());
    }

    private static String where(JsonLocation location) {
        return location == null
                ? "an unknown position"
                : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String cut(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.strip();
        return line.length() <= MAX_CAUSE ? line : line.substring(0, MAX_CAUSE) + "...";
    }

    public Reason reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
