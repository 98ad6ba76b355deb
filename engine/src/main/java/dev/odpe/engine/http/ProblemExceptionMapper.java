package dev.odpe.engine.http;

import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Renders {@link ProblemException} as {@code application/problem+json} with its extra headers. */
public class ProblemExceptionMapper {

    @ServerExceptionMapper
    public Response toResponse(ProblemException exception) {
        return ProblemResponses.of(exception.problem(), exception.headers());
    }
}
