package dev.odpe.engine.http;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Requires the bearer token of {@code odpe.api.token-file} on every {@code /api/} resource except
 * those marked {@link WebhookAuthenticated}: 401 problem JSON with {@code WWW-Authenticate: Bearer}.
 * The file is followed through rotation ({@link SecretFile}); an unusable file fails start-up.
 */
@Startup
@ApplicationScoped
public class ApiTokenFilter {

    static final URI UNAUTHORIZED = URI.create("urn:odpe:problem:api:unauthorized");
    private static final String KEY = "odpe.api.token-file";

    private final BearerToken token;

    @Inject
    public ApiTokenFilter(ApiConfig config) {
        this(config.tokenFile());
    }

    public ApiTokenFilter(Optional<Path> tokenFile) {
        this.token = tokenFile.map(file -> BearerToken.fromFile(file, KEY)).orElseGet(BearerToken::none);
    }

    /** Null lets the request through; otherwise the 401 answer. */
    @ServerRequestFilter
    public Response authenticate(ContainerRequestContext request, SimpleResourceInfo resource) {
        if (!token.required()
                || !request.getUriInfo().getPath().startsWith("/api/")
                || (resource.getResourceClass() != null
                        && resource.getResourceClass().isAnnotationPresent(WebhookAuthenticated.class))) {
            return null;
        }
        return token.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION))
                .map(ApiTokenFilter::unauthorized)
                .orElse(null);
    }

    static Response unauthorized(BearerToken.Refusal refusal) {
        String detail = switch (refusal) {
            case MISSING ->
                "no Authorization header; the read API needs \"Authorization: Bearer <token>\"" + " with the token of "
                        + KEY;
            case NOT_BEARER -> "the Authorization header must use the Bearer scheme";
            case WRONG -> "the bearer token is not the one configured for the read API (" + KEY + ")";
        };
        return ProblemResponses.of(
                Problem.of(UNAUTHORIZED, "Missing or invalid bearer token", 401, detail),
                Map.of("WWW-Authenticate", "Bearer realm=\"odpe\""));
    }
}
