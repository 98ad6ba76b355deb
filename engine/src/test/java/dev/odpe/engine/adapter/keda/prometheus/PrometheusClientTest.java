package dev.odpe.engine.adapter.keda.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP side against a loopback JDK server playing Prometheus: request shape, timeouts, refused connections. */
class PrometheusClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(300);
    private static final String ONE_SAMPLE = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
            + "\"result\":[{\"metric\":{},\"value\":[1795884518.3,\"12\"]}]}}";

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @AfterEach
    void stop() {
        release.countDown();
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theQueryIsPostedAsAFormWithPrometheusOwnTimeoutAndItsAnswerParsed() {
        // Given a server that answers one sample, mounted under a path prefix
        URI base = serve(exchange -> answer(exchange, 200, ONE_SAMPLE));
        // When a query is evaluated
        QueryOutcome outcome = client(base.resolve("/prom/")).evaluate("sum(x{model=\"bert\"})");
        // Then it was one POST to the prefixed endpoint, with the query and the timeout as form fields
        assertThat(outcome).isEqualTo(new QueryOutcome.Sample(12));
        assertThat(requests).containsExactly("POST /prom/api/v1/query query=sum(x{model=\"bert\"})&timeout=300ms");
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsATransientTimeout() {
        // Given a server that holds every request
        URI base = serve(exchange -> {
            awaitRelease();
            answer(exchange, 200, ONE_SAMPLE);
        });
        // When a query is evaluated
        QueryOutcome outcome = client(base).evaluate("up");
        // Then the outcome is a timeout naming the key that sets it
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.TIMEOUT);
            assertThat(f.reason().isTransient()).isTrue();
            assertThat(f.detail()).isEqualTo("no answer within 300ms (odpe.scaler.prometheus.query-timeout)");
        });
    }

    @Test
    void aPortNobodyListensOnIsTransientlyUnreachable() {
        // Given a loopback port that was free a moment ago
        URI base = URI.create("http://127.0.0.1:" + closedPort());
        // When a query is evaluated
        QueryOutcome outcome = client(base).evaluate("up");
        // Then the outcome says the connection was refused
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.UNREACHABLE);
            assertThat(f.message())
                    .startsWith("prometheus unreachable: cannot connect to " + base + "/api/v1/query")
                    .containsIgnoringCase("connection refused");
        });
    }

    @Test
    void anOverloadedPrometheusIsATransientBackendError() {
        // Given a server answering 503 with Prometheus' timeout error
        URI base = serve(exchange -> answer(
                exchange,
                503,
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in query execution\"}"));
        // When a query is evaluated
        QueryOutcome outcome = client(base).evaluate("up");
        // Then the outcome is a transient backend error quoting Prometheus
        assertThat(outcome)
                .isEqualTo(new QueryOutcome.Failure(
                        FailureReason.BACKEND_ERROR, "timeout: query timed out in query execution"));
    }

    @Test
    void aRotatedBearerTokenIsSentFromTheNextQueryOn(@TempDir Path dir) throws IOException {
        // Given a token file and a server that records the Authorization header
        Path token = Files.writeString(dir.resolve("token"), "first\n");
        List<String> seen = new CopyOnWriteArrayList<>();
        URI base = serve(exchange -> {
            seen.add(exchange.getRequestHeaders().getFirst("Authorization"));
            answer(exchange, 200, ONE_SAMPLE);
        });
        PrometheusClient client =
                client(base, PrometheusSettingsTest.auth(Optional.of(token), Optional.empty(), Optional.empty()));
        client.evaluate("up");
        // When the token is rotated in place and the next query goes out
        Files.writeString(token, "second\n");
        client.evaluate("up");
        // Then each query carried the token of its moment
        assertThat(seen).containsExactly("Bearer first", "Bearer second");
    }

    @Test
    void aServerThatRefusesTheCredentialsIsATransientAuthFailure(@TempDir Path dir) throws IOException {
        // Given a server answering 401 like Prometheus' basic auth does
        Path password = Files.writeString(dir.resolve("password"), "pa55word");
        URI base = serve(exchange -> answer(exchange, 401, "Unauthorized\n"));
        // When a query is evaluated with basic auth
        QueryOutcome outcome = client(
                        base, PrometheusSettingsTest.auth(Optional.empty(), Optional.of("odpe"), Optional.of(password)))
                .evaluate("up");
        // Then the outcome says the credentials were refused, names the keys, and does not echo the secret
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.AUTH_FAILED);
            assertThat(f.reason().isTransient()).isTrue();
            assertThat(f.message())
                    .isEqualTo("prometheus refused the credentials: HTTP 401 (missing or wrong "
                            + "credentials: odpe.scaler.prometheus.auth.*)")
                    .doesNotContain("pa55word");
        });
    }

    @Test
    void aSecretFileThatDisappearsFailsTheQueryWithoutSendingIt(@TempDir Path dir) throws IOException {
        // Given a token file that was readable at start-up
        Path token = Files.writeString(dir.resolve("token"), "t");
        URI base = serve(exchange -> answer(exchange, 200, ONE_SAMPLE));
        PrometheusClient client =
                client(base, PrometheusSettingsTest.auth(Optional.of(token), Optional.empty(), Optional.empty()));
        // When it is gone at query time
        Files.delete(token);
        QueryOutcome outcome = client.evaluate("up");
        // Then the query fails as an auth failure naming the file, and nothing was sent
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.AUTH_FAILED);
            assertThat(f.detail()).startsWith("cannot read the credentials (bearer token from " + token + ")");
        });
        assertThat(requests).isEmpty();
    }

    private PrometheusClient client(URI base) {
        return client(base, PrometheusSettingsTest.auth(Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private PrometheusClient client(URI base, PrometheusConfig.Auth auth) {
        PrometheusSettings settings = PrometheusSettings.from(PrometheusSettingsTest.config(
                        Map.of("url", Optional.of(base.toString()), "queryTimeout", TIMEOUT, "auth", auth)))
                .orElseThrow();
        return PrometheusClient.forSettings(settings, new ObjectMapper()); // connect timeout = query timeout
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private URI serve(Handler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getPath() + " " + URLDecoder.decode(body, StandardCharsets.UTF_8));
            handler.handle(exchange);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private void awaitRelease() {
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
