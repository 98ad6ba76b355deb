package dev.odpe.bench.rollback;

import dev.odpe.bench.webhook.DecisionTap;
import dev.odpe.bench.webhook.EngineProcess;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Webhook → Argo CD rollback request sent: the packaged engine with {@code RollbackModel} live and the
 * api strategy, an argocd-server stand-in on loopback ({@link ArgoCdStandIn}). For each model one
 * errors alert is posted; the latency is from just before the POST to the webhook until the stand-in
 * received the rollback request (same JVM, same {@code System.nanoTime()}). Two phases: paced (one
 * alert every {@code pace}, below what the rollback workers can take) and a burst (every alert at
 * once: rollbacks queue for the workers, each of which also watches Argo CD's operation).
 */
public final class RollbackBenchmark {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        List<String> extra = new ArrayList<>(Arrays.asList(System.getProperty("engine.jvm", "").split(" ")));
        extra.removeIf(String::isBlank);
        int paced = Integer.getInteger("paced", 60);
        Duration pace = Duration.parse("PT" + System.getProperty("pace", "1.5s"));
        int burst = Integer.getInteger("burst", 20);

        try (ArgoCdStandIn argocd = new ArgoCdStandIn()) {
            Path token = Files.writeString(Files.createTempFile("argocd-token", ""), "bench-token");
            List<String> jvm = new ArrayList<>(List.of("-Dodpe.planner.live-types=RollbackModel",
                    "-Dodpe.rollback.argocd.url=" + argocd.uri(), "-Dodpe.rollback.argocd.token-file=" + token));
            for (String model : models(paced, burst)) {
                String key = "-Dodpe.rollback.models.\"bench/" + model + "\".";
                jvm.addAll(List.of(key + "application=" + model, key + "project=bench",
                        key + "helm-parameter=model.version"));
            }
            jvm.addAll(extra);
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, Long> latency = new ConcurrentHashMap<>();
            CountDownLatch all = new CountDownLatch(paced + burst);
            argocd.onRollback((app, arrived) -> {
                Long sent = sentAt.get(app);
                if (sent != null && latency.putIfAbsent(app, arrived - sent) == null) {
                    all.countDown();
                }
            });
            System.out.printf("engine options (besides %d model mappings): %s%n", paced + burst, extra);
            try (EngineProcess engine = EngineProcess.start(jar, jvm, new DecisionTap(), OutputStream.nullOutputStream())) {
                HttpClient http = HttpClient.newHttpClient();
                for (int i = 0; i < paced; i++) {
                    post(http, engine, "p" + i, sentAt);
                    Thread.sleep(pace.toMillis());
                }
                for (int i = 0; i < burst; i++) {
                    post(http, engine, "b" + i, sentAt);
                }
                if (!all.await(5, TimeUnit.MINUTES)) {
                    System.out.printf("only %d of %d rollbacks arrived%n", latency.size(), paced + burst);
                }
            }
            report("paced (one alert every " + pace.toMillis() + " ms)", latency, "p");
            report("burst (" + burst + " alerts at once)", latency, "b");
        }
    }

    private static List<String> models(int paced, int burst) {
        List<String> models = new ArrayList<>();
        for (int i = 0; i < paced; i++) {
            models.add("p" + i);
        }
        for (int i = 0; i < burst; i++) {
            models.add("b" + i);
        }
        return models;
    }

    private static void post(HttpClient http, EngineProcess engine, String model, Map<String, Long> sentAt)
            throws Exception {
        String body = """
                {"version":"4","groupKey":"{}:{model=\\"%1$s\\"}","truncatedAlerts":0,"status":"firing","receiver":"odpe",
                 "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://alertmanager.bench:9093",
                 "alerts":[{"status":"firing","labels":{"alertname":"TritonErrorRateHigh","signal":"errors",
                   "namespace":"bench","pool":"triton-a100","model":"%1$s","version":"8","severity":"page"},
                   "annotations":{},"startsAt":"2026-11-28T05:00:00Z","endsAt":"0001-01-01T00:00:00Z",
                   "generatorURL":"http://prometheus.bench:9090/graph","fingerprint":"bench-%1$s"}]}
                """.formatted(model);
        sentAt.put(model, System.nanoTime());
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(engine.uri("/api/v1/alerts/alertmanager"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("webhook answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    private static void report(String phase, Map<String, Long> latency, String prefix) {
        Histogram histogram = new Histogram(3);
        latency.forEach((app, nanos) -> {
            if (app.startsWith(prefix)) {
                histogram.recordValue(TimeUnit.NANOSECONDS.toMicros(nanos));
            }
        });
        System.out.printf("%s: n=%d  p50 %.1f ms  p90 %.1f ms  p99 %.1f ms  max %.1f ms%n", phase,
                histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(90) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                histogram.getMaxValue() / 1000.0);
    }
}
