package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.argocd.ApiCall.Failed;
import dev.odpe.engine.adapter.rollback.argocd.ApiCall.Reason;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * argocd-server's REST API, the two calls the API strategy needs: read an Application, ask for a
 * rollback. The bearer token is read from its file on every call, so a rotated Secret applies at
 * once. Never throws: every outcome is an {@link ApiCall}, failures classified from the status and
 * Argo CD's error body ({@code {"error", "code", "message"}}).
 */
public class ArgoCdClient implements ApplicationReader {

    private final HttpClient http;
    private final URI server;
    private final Path tokenFile;
    private final Duration timeout;
    private final ObjectMapper json;

    private final EndpointGuard guard;

    public ArgoCdClient(HttpClient http, URI server, Path tokenFile, Duration timeout, ObjectMapper json) {
        this(http, server, tokenFile, timeout, json, EndpointGuard.none());
    }

    /** @param guard wraps every call, e.g. the endpoint's {@link ArgoCdCircuitBreaker} */
    public ArgoCdClient(
            HttpClient http, URI server, Path tokenFile, Duration timeout, ObjectMapper json, EndpointGuard guard) {
        this.guard = guard;
        this.http = http;
        this.server = server;
        this.tokenFile = tokenFile;
        this.timeout = timeout;
        this.json = json;
    }

    /** {@code GET /api/v1/applications/{name}?appNamespace=&project=} */
    @Override
    public ApiCall application(ApplicationRef app) {
        return send(request(app, "").GET());
    }

    /** {@code POST /api/v1/applications/{name}/rollback} with {@code request} as the body. */
    public ApiCall rollback(ApplicationRef app, RollbackRequest request) {
        return send(request(app, "/rollback")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toJson(json))));
    }

    /**
     * {@code PATCH /api/v1/applications/{name}} with a JSON merge patch (swagger
     * {@code applicationApplicationPatchRequest}: {@code name, appNamespace, project, patch, patchType}).
     */
    public ApiCall patch(ApplicationRef app, String mergePatch) {
        return send(request(app, "")
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(patchRequest(app, mergePatch))));
    }

    /** The body {@link #patch} sends, for the audit of a dry-run. */
    public String patchRequest(ApplicationRef app, String mergePatch) {
        return json.createObjectNode()
                .put("name", app.name())
                .put("appNamespace", app.appNamespace())
                .put("project", app.project())
                .put("patch", mergePatch)
                .put("patchType", "merge")
                .toString();
    }

    private HttpRequest.Builder request(ApplicationRef app, String suffix) {
        String path = "/api/v1/applications/" + encode(app.name()) + suffix + "?appNamespace="
                + encode(app.appNamespace()) + "&project=" + encode(app.project());
        return HttpRequest.newBuilder(below(server, path)).timeout(timeout).header("Accept", "application/json");
    }

    /**
     * {@code path} below the server URL's own path, so argocd-server behind {@code --rootpath} (or a
     * proxy prefix) is reached: {@code https://host/argocd} + {@code /api/v1/…} is
     * {@code https://host/argocd/api/v1/…}. {@link URI#resolve} would replace the prefix instead.
     */
    static URI below(URI server, String path) {
        String base = server.toString();
        int end = base.length();
        while (end > 0 && base.charAt(end - 1) == '/') {
            end--;
        }
        return URI.create(base.substring(0, end) + path);
    }

    private ApiCall send(HttpRequest.Builder builder) {
        return guard.call(() -> sendUnguarded(builder));
    }

    private ApiCall sendUnguarded(HttpRequest.Builder builder) {
        String token;
        try {
            token = Files.readString(tokenFile).strip();
        } catch (IOException e) {
            return new Failed(Reason.UNAUTHORIZED, 0, "cannot read the Argo CD token file " + tokenFile + ": " + e);
        }
        try {
            HttpResponse<String> response = http.send(
                    builder.header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            return answer(response.statusCode(), response.body());
        } catch (HttpTimeoutException e) {
            return new Failed(Reason.TIMEOUT, 0, "no answer from " + server + " within " + timeout);
        } catch (ConnectException e) {
            return new Failed(Reason.UNREACHABLE, 0, "cannot connect to " + server + ": " + e.getMessage());
        } catch (IOException e) {
            return new Failed(Reason.UNREACHABLE, 0, "talking to " + server + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(Reason.UNREACHABLE, 0, "interrupted");
        }
    }

    ApiCall answer(int status, String body) {
        JsonNode parsed = parse(body);
        if (status / 100 == 2 && parsed != null) {
            return new ApiCall.Ok(parsed);
        }
        String message = parsed != null && parsed.hasNonNull("message")
                ? parsed.get("message").asText()
                : parsed != null && parsed.hasNonNull("error")
                        ? parsed.get("error").asText()
                        : abbreviate(body);
        String lower = message.toLowerCase(Locale.ROOT);
        Reason reason;
        if (status / 100 == 2) {
            reason = Reason.SERVER_ERROR; // a 2xx that is not JSON: a proxy page, say
        } else if (lower.contains("another operation is already in progress")) {
            reason = Reason.OPERATION_IN_PROGRESS;
        } else if (lower.contains("auto-sync is enabled")) {
            reason = Reason.AUTO_SYNC_ENABLED;
        } else if (lower.contains("does not have deployment with id")) {
            reason = Reason.UNKNOWN_HISTORY_ID;
        } else if (status == 401) {
            reason = Reason.UNAUTHORIZED;
        } else if (status == 403) {
            reason = Reason.FORBIDDEN;
        } else if (status == 404) {
            reason = Reason.APPLICATION_NOT_FOUND;
        } else if (status >= 500) {
            reason = Reason.SERVER_ERROR;
        } else {
            reason = Reason.REJECTED;
        }
        return new Failed(reason, status, "HTTP " + status + ": " + message);
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
