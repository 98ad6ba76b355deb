package dev.odpe.engine.ingest.alertmanager;

import dev.odpe.engine.http.ProblemException;
import dev.odpe.engine.http.WebhookAuthenticated;
import dev.odpe.engine.ingest.WebhookBody;
import dev.odpe.engine.ingest.WebhookConfig;
import dev.odpe.engine.ingest.WebhookProblems;
import dev.odpe.engine.ingest.WebhookSignature;
import dev.odpe.engine.ingest.WebhookToken;
import dev.odpe.engine.ingest.alertmanager.IngestReports.IngestSummary;
import dev.odpe.engine.ingest.alertmanager.IngestReports.ValidationReport;
import dev.odpe.engine.leader.Leadership;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.time.Duration;
import java.util.function.Function;

/**
 * Alertmanager webhook receiver. Configure Alertmanager with
 * {@code webhook_configs: [{url: http://odpe-engine:8080/api/v1/alerts/alertmanager, send_resolved: true}]}
 * (plus {@code http_config.authorization} when a token is set). Blocking on purpose: the body is
 * streamed on a worker thread so that chunked bodies can be cut at the limit.
 *
 * <p>Steps: authenticate → require JSON → read within the limit → check the body's signature (when
 * {@code odpe.webhook.hmac-secret-file} is set) → parse and validate all of it → only then map,
 * de-duplicate and enqueue. A replica that is not the leader answers the ingest (not the validation) with 503 and
 * {@code Retry-After} right after authentication: only the leader evaluates.
 */
@Path("/api/v1/alerts/alertmanager")
@WebhookAuthenticated
@Produces(MediaType.APPLICATION_JSON)
public class AlertmanagerWebhookResource {

    private static final String INGEST = "ingest";
    private static final String VALIDATE = "validate";

    private final WebhookToken token;
    private final WebhookSignature signature;
    private final WebhookPayloadParser parser;
    private final AlertIngestion ingestion;
    private final IngestMetrics metrics;
    private final long maxBodyBytes;
    private final Leadership leadership;
    private final Duration retryAfter;

    public AlertmanagerWebhookResource(
            WebhookToken token,
            WebhookSignature signature,
            WebhookPayloadParser parser,
            AlertIngestion ingestion,
            IngestMetrics metrics,
            WebhookConfig config,
            Leadership leadership) {
        this.token = token;
        this.signature = signature;
        this.parser = parser;
        this.ingestion = ingestion;
        this.metrics = metrics;
        this.maxBodyBytes = config.maxBodyBytes();
        this.leadership = leadership;
        this.retryAfter = config.retryAfter();
    }

    /** Ingests a group: 202 with an {@link IngestSummary}, or a problem JSON. */
    @POST
    public Response ingest(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(WebhookSignature.HEADER) String signed,
            InputStream body) {
        return handle(
                INGEST,
                authorization,
                contentType,
                signed,
                body,
                payload -> Response.accepted(ingestion.ingest(payload)).build(),
                WebhookOutcome.ACCEPTED);
    }

    /** Parses, validates and maps like {@link #ingest} but changes nothing: 200 with a {@link ValidationReport}. */
    @POST
    @Path("/validate")
    public Response validate(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
            @HeaderParam(WebhookSignature.HEADER) String signed,
            InputStream body) {
        return handle(
                VALIDATE,
                authorization,
                contentType,
                signed,
                body,
                payload -> Response.ok(ingestion.validate(payload)).build(),
                WebhookOutcome.VALIDATED);
    }

    private Response handle(
            String endpoint,
            String authorization,
            String contentType,
            String signed,
            InputStream body,
            Function<AlertmanagerWebhook, Response> action,
            WebhookOutcome success) {
        try {
            token.check(authorization);
            if (INGEST.equals(endpoint)) {
                WebhookProblems.requireLeader(leadership, retryAfter);
            }
            WebhookBody.requireJson(contentType);
            byte[] bytes = WebhookBody.read(body, maxBodyBytes);
            signature.check(signed, bytes);
            AlertmanagerWebhook payload = parser.parse(bytes);
            Response response = action.apply(payload);
            metrics.request(endpoint, success);
            return response;
        } catch (ProblemException problem) {
            metrics.request(endpoint, WebhookOutcome.ofStatus(problem.problem().status()));
            throw problem;
        } catch (RuntimeException e) {
            metrics.request(endpoint, WebhookOutcome.ERROR);
            throw e;
        }
    }
}
