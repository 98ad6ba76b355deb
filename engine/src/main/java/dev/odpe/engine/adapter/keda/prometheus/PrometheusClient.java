package dev.odpe.engine.adapter.keda.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.httpclient.PemTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;

/**
 * Prometheus' instant query API over HTTP: {@code POST /api/v1/query} with a form body (long
 * queries do not fit every URL limit). Connection problems and timeouts become typed failures.
 */
public final class PrometheusClient implements InstantQuery {

    private final HttpClient http;
    private final PrometheusSettings settings;
    private final PrometheusResponseParser parser;

    public PrometheusClient(HttpClient http, PrometheusSettings settings, PrometheusResponseParser parser) {
        this.http = http;
        this.settings = settings;
        this.parser = parser;
    }

    /** The client as the engine runs it: HTTP/1.1, connect timeout = query timeout, trusting {@code tls.ca-file} if set. */
    public static PrometheusClient forSettings(PrometheusSettings settings, ObjectMapper json) {
        HttpClient.Builder http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // plain http: no h2c upgrade round trip
                .connectTimeout(settings.queryTimeout());
        settings.caFile()
                .map(ca -> PemTrust.trusting(PrometheusSettings.PREFIX + "tls.ca-file", ca))
                .ifPresent(http::sslContext);
        return new PrometheusClient(http.build(), settings, new PrometheusResponseParser(json));
    }

    @Override
    public QueryOutcome evaluate(String promql) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.queryEndpoint())
                .timeout(settings.queryTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(promql, settings.queryTimeout())));
        try {
            settings.credentials().authorization().ifPresent(value -> builder.header("Authorization", value));
        } catch (IOException e) {
            return new QueryOutcome.Failure(
                    FailureReason.AUTH_FAILED,
                    "cannot read the credentials (" + settings.credentials().describe() + "): " + e.getMessage());
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return parser.parse(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new QueryOutcome.Failure(
                    FailureReason.TIMEOUT,
                    "no answer within " + settings.queryTimeout().toMillis()
                            + "ms (odpe.scaler.prometheus.query-timeout)");
        } catch (SSLHandshakeException e) {
            return new QueryOutcome.Failure(
                    FailureReason.UNREACHABLE,
                    "TLS handshake with " + settings.queryEndpoint() + " failed: " + describe(e)
                            + " (is its CA in odpe.scaler.prometheus.tls.ca-file?)");
        } catch (ConnectException e) {
            return new QueryOutcome.Failure(
                    FailureReason.UNREACHABLE, "cannot connect to " + settings.queryEndpoint() + ": " + describe(e));
        } catch (IOException e) {
            return new QueryOutcome.Failure(
                    FailureReason.UNREACHABLE, "request to " + settings.queryEndpoint() + " failed: " + describe(e));
        } catch (RuntimeException e) {
            // InstantQuery never throws: whatever went wrong, this query has no usable answer.
            return new QueryOutcome.Failure(FailureReason.MALFORMED_RESPONSE, "unexpected: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down
            return new QueryOutcome.Failure(FailureReason.UNREACHABLE, "interrupted (engine shutting down)");
        }
    }

    /** Prometheus also stops evaluating after {@code timeout}, so an abandoned query does not keep it busy. */
    private static String form(String promql, Duration timeout) {
        return "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&timeout=" + timeout.toMillis() + "ms";
    }

    /** The JDK's HttpClient leaves connect failures without a message; say what they mean. */
    private static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e instanceof ConnectException
                ? "connection refused or host unreachable"
                : e.getClass().getSimpleName();
    }
}
