package dev.odpe.engine.adapter.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.httpclient.PemTrust;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reads the active alerts (not silenced, not inhibited) of one Alertmanager. Never throws: a failure is
 * a {@link Fetch.Failed} with a reason that names no secret.
 */
final class AlertmanagerApiClient {

    /** The alerts of one Alertmanager, or why they could not be read. */
    sealed interface Fetch {
        record Alerts(List<ApiAlert> alerts) implements Fetch {}

        record Failed(String reason) implements Fetch {}
    }

    private static final TypeReference<List<ApiAlert>> ALERTS = new TypeReference<>() {};

    private final HttpClient http;
    private final AlertmanagerApiSettings settings;
    private final ObjectMapper json;

    AlertmanagerApiClient(AlertmanagerApiSettings settings, ObjectMapper json) {
        HttpClient.Builder http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.timeout());
        settings.caFile()
                .map(ca -> PemTrust.trusting(AlertmanagerApiSettings.PREFIX + "tls.ca-file", ca))
                .ifPresent(http::sslContext);
        this.http = http.build();
        this.settings = settings;
        this.json = json;
    }

    Fetch fetch(URI base) {
        HttpRequest.Builder request = HttpRequest.newBuilder(query(base, settings.receiver()))
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .GET();
        try {
            Optional<String> authorization = settings.credentials().authorization();
            authorization.ifPresent(value -> request.header("Authorization", value));
        } catch (IOException e) {
            return new Fetch.Failed(
                    "credentials unreadable (" + settings.credentials().describe() + "): " + e.getMessage());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            return new Fetch.Failed("no answer within " + settings.timeout());
        } catch (ConnectException e) {
            return new Fetch.Failed("unreachable (connection refused or TLS handshake failed"
                    + (settings.caFile().isPresent() ? "; check " + AlertmanagerApiSettings.PREFIX + "tls.ca-file" : "")
                    + ")");
        } catch (IOException e) {
            return new Fetch.Failed("unreachable: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Fetch.Failed("interrupted");
        }
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            return new Fetch.Failed("HTTP " + response.statusCode() + ": check "
                    + settings.credentials().describe());
        }
        if (response.statusCode() != 200) {
            return new Fetch.Failed("HTTP " + response.statusCode());
        }
        try {
            List<ApiAlert> alerts = json.readValue(response.body(), ALERTS);
            return new Fetch.Alerts(alerts == null ? List.of() : alerts);
        } catch (JsonProcessingException e) {
            return new Fetch.Failed("the answer is not a list of alerts: " + e.getOriginalMessage());
        }
    }

    /** {@code GET /api/v2/alerts?active=true&silenced=false&inhibited=false[&receiver=…]}. */
    static URI query(URI base, Optional<String> receiver) {
        String query = "active=true&silenced=false&inhibited=false"
                + receiver.map(r -> "&receiver=" + URLEncoder.encode(r, StandardCharsets.UTF_8))
                        .orElse("");
        return URI.create(AlertmanagerApiSettings.alertsEndpoint(base) + "?" + query);
    }
}
