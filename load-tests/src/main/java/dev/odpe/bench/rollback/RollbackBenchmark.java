package dev.odpe.bench.rollback;

import dev.odpe.bench.webhook.BenchEngine;
import dev.odpe.bench.webhook.DecisionTap;
import dev.odpe.bench.webhook.Poster;
import dev.odpe.testsupport.AlertmanagerPayloads;
import dev.odpe.testsupport.PackagedEngine;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.HdrHistogram.Histogram;

/**
 * Webhook → Argo CD rollback request sent (issue 4's benchmark): the packaged engine with
 * {@code RollbackModel} live and {@code models} models mapped to Applications {@code m-i} (strategy api)
 * on an in-process argocd-server double; one errors alert per model is posted, one at a time every
 * {@code pause}, and the time from sending the webhook to the double receiving {@code POST …/rollback}
 * recorded (one process, one monotonic clock). The first {@code warmup} models are not counted.
 *
 * <p>Options: {@code engine.jar}, {@code models} (300), {@code warmup} (100), {@code pause.ms} (20).
 */
public final class RollbackBenchmark {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        int models = Integer.getInteger("models", 300);
        int warmup = Integer.getInteger("warmup", 100);
        long pauseMs = Long.getLong("pause.ms", 20);
        ExecutorService http = Executors.newFixedThreadPool(4);
        try (ArgoCdDouble argocd = new ArgoCdDouble()) {
            Path token = Files.writeString(Files.createTempFile("argocd-token", ""), "bench");
            StringBuilder properties = new StringBuilder("odpe.planner.live-types=RollbackModel\n")
                    .append("odpe.ledger=memory\n") // live outside a cluster: the in-memory ledger, by name
                    .append("odpe.rollback.argocd.url=")
                    .append(argocd.uri())
                    .append('\n')
                    .append("odpe.rollback.argocd.token-file=")
                    .append(token)
                    .append('\n')
                    .append("odpe.rollback.argocd.watch-interval=200ms\n")
                    .append("odpe.rollback.workers=4\n");
            for (int i = 0; i < models; i++) {
                String key = "odpe.rollback.models.\"bench/m-" + i + "\".";
                properties
                        .append(key)
                        .append("application=m-")
                        .append(i)
                        .append('\n')
                        .append(key)
                        .append("helm-parameter=model.version\n");
            }
            Path config = Files.writeString(Files.createTempFile("odpe-bench", ".properties"), properties);
            try (PackagedEngine engine = BenchEngine.start(
                    jar,
                    List.of("-Dquarkus.config.locations=" + config.toUri()),
                    new DecisionTap(),
                    OutputStream.nullOutputStream())) {
                Poster poster = new Poster(http);
                Histogram micros = new Histogram(60_000_000L, 3);
                List<Integer> missing = new ArrayList<>();
                for (int i = 0; i < models; i++) {
                    long sent = System.nanoTime();
                    poster.post(engine.uri("/api/v1/alerts/alertmanager"), errorsAlert(i));
                    Long arrived = awaitRollback(argocd, "m-" + i, 5_000);
                    if (arrived == null) {
                        missing.add(i);
                    } else if (i >= warmup) {
                        micros.recordValue(Math.max(0, (arrived - sent) / 1_000));
                    }
                    Thread.sleep(pauseMs);
                }
                System.out.printf(
                        "webhook → rollback request at argocd-server, %d models (%d warm-up not counted): "
                                + "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; missing %s%n",
                        models,
                        warmup,
                        micros.getValueAtPercentile(50) / 1000.0,
                        micros.getValueAtPercentile(90) / 1000.0,
                        micros.getValueAtPercentile(99) / 1000.0,
                        micros.getMaxValue() / 1000.0,
                        missing);
            }
        } finally {
            http.shutdownNow();
        }
    }

    /** One firing errors alert for model {@code m-i} version 8, in a group of its own (→ RollbackModel). */
    private static byte[] errorsAlert(int i) {
        return AlertmanagerPayloads.firing(
                        "e%015x".formatted(i),
                        "2026-11-28T10:00:00Z",
                        Map.of(
                                "alertname",
                                "TritonErrorRateHigh",
                                "signal",
                                "errors",
                                "namespace",
                                "bench",
                                "model",
                                "m-" + i,
                                "version",
                                "8",
                                "severity",
                                "page"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static Long awaitRollback(ArgoCdDouble argocd, String application, long timeoutMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (System.nanoTime() < deadline) {
            Long arrived = argocd.rollbackArrived(application);
            if (arrived != null) {
                return arrived;
            }
            Thread.sleep(0, 200_000);
        }
        return null;
    }
}
