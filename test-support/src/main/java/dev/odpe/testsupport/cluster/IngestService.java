package dev.odpe.testsupport.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.odpe.testsupport.PackagedEngine;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The ingest Service of the k8s base as the test's stand-in: its selector is the leader label
 * ({@code odpe.dev/leader=true}), its endpoints are the pods carrying that label whose process is
 * ready. Alertmanager posts here; each request is forwarded to an endpoint. With no endpoint (the
 * leader was killed and nobody has labelled itself yet) it answers 503, as a Service without
 * endpoints refuses connections, so Alertmanager retries. An endpoint's own answer, a follower's 503
 * with {@code Retry-After} included, is passed back unchanged.
 */
public final class IngestService implements AutoCloseable {

    /** The label the leader puts on its own pod. */
    public static final String LEADER_LABEL = "odpe.dev/leader";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private final KubernetesClient kubernetes;
    private final Supplier<Map<String, EngineReplica>> replicas;
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong noEndpoint = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private IngestService(
            HttpServer server, KubernetesClient kubernetes, Supplier<Map<String, EngineReplica>> replicas) {
        this.server = server;
        this.kubernetes = kubernetes;
        this.replicas = replicas;
    }

    /** @param replicas the cluster's pods by name, read at every request (pods come and go) */
    static IngestService start(KubernetesClient kubernetes, Supplier<Map<String, EngineReplica>> replicas) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            IngestService service = new IngestService(server, kubernetes, replicas);
            server.setExecutor(service.threads);
            server.createContext("/", service::handle);
            server.start();
            return service;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Service's URL for {@code path}, e.g. {@code /api/v1/alerts/alertmanager}. */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** Requests an endpoint answered (any status). */
    public long forwarded() {
        return forwarded.get();
    }

    /** Requests answered 503 because no ready pod carried the leader label. */
    public long withoutEndpoint() {
        return noEndpoint.get();
    }

    /** Requests an endpoint answered 503 (a follower still labelled, or a leader draining). */
    public long refusedByEndpoint() {
        return refused.get();
    }

    /** The ready pods carrying the leader label now: normally one, none during a failover. */
    public List<EngineReplica> endpoints() {
        List<Pod> labelled;
        try {
            labelled = kubernetes.pods().withLabel(LEADER_LABEL, "true").list().getItems();
        } catch (KubernetesClientException e) {
            return List.of();
        }
        Map<String, EngineReplica> pods = replicas.get();
        return labelled.stream()
                .map(p -> pods.get(p.getMetadata().getName()))
                .filter(r -> r != null && r.isReady())
                .toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        Optional<PackagedEngine> endpoint = endpoints().stream()
                .map(EngineReplica::engine)
                .flatMap(Optional::stream)
                .findFirst();
        if (endpoint.isEmpty()) {
            noEndpoint.incrementAndGet();
            respond(exchange, 503, Map.of(), "no ready endpoint\n".getBytes());
            return;
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        endpoint.get().uri(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(10))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        for (String header : List.of("Content-Type", "Authorization")) {
            String value = exchange.getRequestHeaders().getFirst(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            forwarded.incrementAndGet();
            if (answer.statusCode() == 503) {
                refused.incrementAndGet();
            }
            respond(
                    exchange,
                    answer.statusCode(),
                    answer.headers()
                            .firstValue("Retry-After")
                            .map(v -> Map.of("Retry-After", v))
                            .orElse(Map.of()),
                    answer.body());
        } catch (IOException e) {
            // the endpoint died while answering: to Alertmanager that is a failed request it retries
            noEndpoint.incrementAndGet();
            respond(exchange, 503, Map.of(), ("endpoint failed: " + e + "\n").getBytes());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 503, Map.of(), new byte[0]);
        }
    }

    private static void respond(HttpExchange exchange, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        try {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException clientGone) {
            // Alertmanager gave up on this attempt
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
