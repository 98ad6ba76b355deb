package dev.odpe.engine.http;

import java.util.Map;

/**
 * Ends request handling with a problem JSON response. Thrown only at the HTTP boundary; the
 * mapper turns it into the response, adding e.g. {@code WWW-Authenticate} or {@code Retry-After}.
 */
public class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Map<String, String> headers;

    public ProblemException(Problem problem) {
        this(problem, Map.of());
    }

    public ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.title() + ": " + problem.detail(), null, false, false);
        this.problem = problem;
        this.headers = Map.copyOf(headers);
    }

    public Problem problem() {
        return problem;
    }

    public Map<String, String> headers() {
        return headers;
    }
}
