package dev.odpe.engine.http;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** Builds JAX-RS responses carrying a {@link Problem}. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static Response of(Problem problem, Map<String, String> headers) {
        Response.ResponseBuilder builder =
                Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        headers.forEach(builder::header);
        return builder.build();
    }
}
