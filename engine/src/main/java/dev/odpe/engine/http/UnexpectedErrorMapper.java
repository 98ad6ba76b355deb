package dev.odpe.engine.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Everything {@link ProblemExceptionMapper} does not get: never a stack, an exception message or an HTML page
 * in a response. A JAX-RS exception (unknown path, wrong method, unconvertible parameter) keeps its 4xx
 * status as a problem JSON. Anything else is a bug: a 500 problem carrying a fresh {@code errorId}, which is
 * also in the ERROR log line with the stack, so an operator can find one from the other. The exception's
 * message stays in the log only: it may carry a token, a URL with credentials or a payload.
 */
public class UnexpectedErrorMapper {

    static final URI INTERNAL_ERROR = URI.create("urn:odpe:problem:internal-error");
    private static final String HTTP_PREFIX = "urn:odpe:problem:http:";
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class);

    @ServerExceptionMapper
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        int status = original == null ? 500 : original.getStatus();
        if (status >= 500) {
            return unexpected(exception, null);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        Map<String, String> headers = new HashMap<>();
        original.getStringHeaders().forEach((name, values) -> {
            if (!values.isEmpty()
                    && !HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
                    && !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
                headers.put(name, values.get(0));
            }
        });
        String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return ProblemResponses.of(
                Problem.of(
                        URI.create(HTTP_PREFIX + slug),
                        title,
                        status,
                        "the request was refused with " + status + " " + title),
                headers);
    }

    @ServerExceptionMapper
    public Response toResponse(Throwable exception, UriInfo uri) {
        return unexpected(exception, uri);
    }

    private static Response unexpected(Throwable exception, UriInfo uri) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(exception, "Unexpected error %s handling %s", errorId, uri == null ? "a request" : uri.getPath());
        Problem problem = Problem.of(
                        INTERNAL_ERROR,
                        "Internal server error",
                        500,
                        "an unexpected error occurred; report errorId " + errorId
                                + ", the engine's log has the details under that id")
                .withErrorId(errorId);
        return ProblemResponses.of(problem, Map.of());
    }
}
