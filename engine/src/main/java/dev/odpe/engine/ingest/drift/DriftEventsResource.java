package dev.odpe.engine.ingest.drift;

import dev.odpe.engine.http.WebhookAuthenticated;
import dev.odpe.engine.ingest.WebhookBody;
import dev.odpe.engine.ingest.WebhookConfig;
import dev.odpe.engine.ingest.WebhookProblems;
import dev.odpe.engine.ingest.WebhookSignature;
import dev.odpe.engine.ingest.WebhookToken;
import dev.odpe.engine.leader.Leadership;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Drift events for detectors without Kafka: {@code POST /api/v1/events} with one CloudEvent in the
 * HTTP binding (binary: {@code ce-*} headers and JSON body; structured:
 * {@code Content-Type: application/cloudevents+json}). Same bearer token, body signature and body
 * limit as the Alertmanager webhook; a replica that is not the leader answers 503 with {@code Retry-After}.
 * 202 with an {@link DriftIngestion.EventSummary}, or a problem JSON.
 */
@Path("/api/v1/events")
@WebhookAuthenticated
@Produces(MediaType.APPLICATION_JSON)
public class DriftEventsResource {

    private final WebhookToken token;
    private final WebhookSignature signature;
    private final DriftIngestion ingestion;
    private final long maxBodyBytes;
    private final Leadership leadership;
    private final Duration retryAfter;

    public DriftEventsResource(
            WebhookToken token,
            WebhookSignature signature,
            DriftIngestion ingestion,
            WebhookConfig config,
            Leadership leadership) {
        this.token = token;
        this.signature = signature;
        this.ingestion = ingestion;
        this.maxBodyBytes = config.maxBodyBytes();
        this.leadership = leadership;
        this.retryAfter = config.retryAfter();
    }

    @POST
    public Response receive(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @Context HttpHeaders headers,
            InputStream body) {
        token.check(authorization);
        WebhookProblems.requireLeader(leadership, retryAfter); // only the leader evaluates
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            throw WebhookProblems.unsupportedMediaType(contentType);
        }
        byte[] bytes = WebhookBody.read(body, maxBodyBytes);
        signature.check(headers.getHeaderString(WebhookSignature.HEADER), bytes);
        return Response.accepted(ingestion.ingest(firstValues(headers), bytes)).build();
    }

    private static Map<String, String> firstValues(HttpHeaders headers) {
        Map<String, String> first = new HashMap<>();
        for (Map.Entry<String, List<String>> header :
                headers.getRequestHeaders().entrySet()) {
            if (!header.getValue().isEmpty()) {
                first.put(
                        header.getKey().toLowerCase(Locale.ROOT),
                        header.getValue().get(0));
            }
        }
        return first;
    }
}
