package dev.odpe.engine.scaler.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Failure;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Reason;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Instant queries over Prometheus' HTTP API ({@code POST /api/v1/query}, form-encoded, as Grafana
 * and KEDA's Prometheus scaler send long queries). Never throws: every outcome is a {@link QueryAnswer}.
 */
public class PromQlClient implements InstantQueries {

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final InstantQueryResponse responses;
    private final String source;

    public PromQlClient(HttpClient http, URI baseUrl, Duration timeout, ObjectMapper json) {
        this.http = http;
        this.endpoint = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/api/v1/query");
        this.source = "prometheus " + baseUrl;
        this.timeout = timeout;
        this.responses = new InstantQueryResponse(json);
    }

    @Override
    public String describe() {
        return source;
    }

    @Override
    public CompletableFuture<QueryAnswer> query(String promQl) {
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("query=" + URLEncoder.encode(promQl, StandardCharsets.UTF_8)))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> responses.read(response.statusCode(), response.body()))
                .exceptionally(PromQlClient::transportFailure);
    }

    private static QueryAnswer transportFailure(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof HttpTimeoutException) {
            return new Failure(Reason.TIMEOUT, "no answer within the query timeout");
        }
        if (cause instanceof ConnectException) {
            return new Failure(Reason.UNREACHABLE, "connection refused");
        }
        return new Failure(Reason.UNREACHABLE, cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
    }
}
