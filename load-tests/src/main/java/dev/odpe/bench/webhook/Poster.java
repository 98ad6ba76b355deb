package dev.odpe.bench.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;

/** Posts webhook bodies over HTTP/1.1 keep-alive connections, the way Alertmanager does. */
public final class Poster {

    private final HttpClient client;

    public Poster(ExecutorService executor) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .executor(executor)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public int post(URI uri, byte[] body) throws Exception {
        return client.send(request(uri, body), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    public CompletableFuture<Integer> postAsync(URI uri, byte[] body) {
        return client.sendAsync(request(uri, body), HttpResponse.BodyHandlers.discarding())
                .thenApply(HttpResponse::statusCode);
    }

    private static HttpRequest request(URI uri, byte[] body) {
        return HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }
}
