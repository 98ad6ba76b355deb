package dev.odpe.engine.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.http.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses webhook bodies whose declared Content-Length exceeds {@code odpe.webhook.max-body-bytes}
 * with a problem JSON 413, before anything parses or buffers them.
 *
 * <p>Why a Vert.x route: Quarkus enforces {@code quarkus.http.limits.max-body-size} in a route of
 * order {@value #QUARKUS_UPLOAD_LIMIT_ORDER} with a bare 413. This route runs just before it, and
 * start-up fails unless our limit is below Quarkus', so for the webhook paths our answer always
 * comes first. Chunked bodies are limited while reading ({@link WebhookBody#read}).
 */
@ApplicationScoped
public class WebhookBodyLimitRoute {

    /** {@code io.quarkus.vertx.http.runtime.RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT} (runtime-internal class). */
    static final int QUARKUS_UPLOAD_LIMIT_ORDER = -2;
    /** How long an oversize body is drained before the connection is closed. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private static final String WEBHOOK_PATHS = ".*/api/v1/alerts/alertmanager(/validate)?/?";

    private final long limit;
    private final ObjectMapper mapper;

    public WebhookBodyLimitRoute(
            WebhookConfig config,
            ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> quarkusLimit) {
        this.limit = config.maxBodyBytes();
        this.mapper = mapper;
        quarkusLimit.ifPresent(q -> {
            if (limit >= q.asLongValue()) {
                throw new IllegalStateException(
                        "odpe.webhook.max-body-bytes=" + limit
                                + " must be below quarkus.http.limits.max-body-size=" + q.asLongValue()
                                + " bytes, or Quarkus would refuse large webhook bodies with a bare 413; raise the Quarkus limit");
            }
        });
    }

    void install(@Observes Router router) {
        router.routeWithRegex(WEBHOOK_PATHS)
                .order(QUARKUS_UPLOAD_LIMIT_ORDER - 1)
                .handler(this::refuseDeclaredOversize);
    }

    private void refuseDeclaredOversize(RoutingContext ctx) {
        String declared = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !exceeds(declared)) {
            ctx.next();
            return;
        }
        // Answer at once, then read and discard what the client still sends, so that clients which
        // write the whole body before reading (most HTTP libraries) see the 413 instead of a reset.
        // A client still sending after DRAIN_TIMEOUT is cut off.
        HttpServerRequest request = ctx.request();
        request.handler(ignored -> {});
        long timer = ctx.vertx()
                .setTimer(
                        DRAIN_TIMEOUT.toMillis(),
                        ignored -> request.connection().close());
        request.endHandler(ignored -> ctx.vertx().cancelTimer(timer));
        request.resume();
        ctx.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(json(WebhookProblems.tooLarge(limit)));
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x refuses malformed Content-Length itself
        }
    }

    private String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + problem, e);
        }
    }
}
