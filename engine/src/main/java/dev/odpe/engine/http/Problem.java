package dev.odpe.engine.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}).
 *
 * @param type   identifies the kind of problem; stable, documented per endpoint
 * @param title  short summary of the kind, the same for every occurrence
 * @param status the HTTP status code
 * @param detail what exactly is wrong with this request, in words a sender's operator can act on
 * @param field  extension: JSON path of the offending field (e.g. {@code alerts[2].startsAt}), if any
 * @param errors extension: every violation found, when there is more than one
 * @param errorId extension: for an unexpected server error, the id that is also in the ERROR log line
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        URI type, String title, int status, String detail, String field, List<Violation> errors, String errorId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        errors = errors == null || errors.isEmpty() ? null : List.copyOf(errors);
    }

    public static Problem of(URI type, String title, int status, String detail) {
        return new Problem(type, title, status, detail, null, null, null);
    }

    public Problem withField(String path) {
        return new Problem(type, title, status, detail, path, errors, errorId);
    }

    public Problem withErrors(List<Violation> violations) {
        return new Problem(type, title, status, detail, field, violations, errorId);
    }

    public Problem withErrorId(String id) {
        return new Problem(type, title, status, detail, field, errors, id);
    }

    /** One invalid field: where, and what is wrong with it. */
    public record Violation(String field, String message) {}
}
