package dev.odpe.bench.rollback;

import dev.odpe.bench.webhook.BenchEngine;
import dev.odpe.bench.webhook.DecisionTap;
import dev.odpe.bench.webhook.Poster;
import dev.odpe.testsupport.AlertmanagerPayloads;
import dev.odpe.testsupport.PackagedEngine;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>Burst mode ({@code -Dburst=20}, issue 12): the engine's rollback defaults (no {@code watch-interval}
 * or {@code workers} override unless {@code -Dwatch.interval} / {@code -Dworkers} are given); after
 * {@code warmup} paced alerts, {@code rounds} (5) rounds of {@code burst} alerts for distinct models are
 * posted at once, {@code round.pause.ms} (5000) apart, and every webhook → rollback request time counted.
 */
public final class RollbackBenchmark {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        int models = Integer.getInteger("models", 300);
        int warmup = Integer.getInteger("warmup", 100);
        long pauseMs = Long.getLong("pause.ms", 20);
        int burst = Integer.getInteger("burst", 0);
        int rounds = Integer.getInteger("rounds", 5);
        if (burst > 0) {
            warmup = Integer.getInteger("warmup", 20);
            models = warmup + burst * rounds;
        }
        String watchInterval = System.getProperty("watch.interval", burst > 0 ? "" : "200ms");
        String workers = System.getProperty("workers", burst > 0 ? "" : "4");
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
                    .append('\n');
            if (!watchInterval.isEmpty()) {
                properties
                        .append("odpe.rollback.argocd.watch-interval=")
                        .append(watchInterval)
                        .append('\n');
            }
            if (!workers.isEmpty()) {
                properties.append("odpe.rollback.workers=").append(workers).append('\n');
            }
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
            DecisionTap tap = new DecisionTap();
            try (PackagedEngine engine = BenchEngine.start(
                    jar,
                    List.of("-Dquarkus.config.locations=" + config.toUri()),
                    tap,
                    OutputStream.nullOutputStream())) {
                Poster poster = new Poster(http);
                Histogram micros = new Histogram(60_000_000L, 3);
                List<Integer> missing = new ArrayList<>();
                if (burst > 0) {
                    bursts(poster, engine, tap, argocd, warmup, burst, rounds, pauseMs);
                    return;
                }
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

    /**
     * Warm-up paced, then {@code rounds} rounds of {@code burst} alerts posted at once. Also reports when
     * the benchmark read each decision's first audit line from the engine's console (an upper bound on
     * webhook → decision recorded), to tell the time before the rollback starts from the rollback's own.
     */
    private static void bursts(
            Poster poster,
            PackagedEngine engine,
            DecisionTap tap,
            ArgoCdDouble argocd,
            int warmup,
            int burst,
            int rounds,
            long pauseMs)
            throws Exception {
        Map<String, Long> decisionSeen = new ConcurrentHashMap<>();
        tap.onDecision((fingerprint, recorded) -> decisionSeen.putIfAbsent(fingerprint, System.nanoTime()));
        Histogram decided = new Histogram(600_000_000L, 3);
        URI webhook = engine.uri("/api/v1/alerts/alertmanager");
        for (int i = 0; i < warmup; i++) {
            poster.post(webhook, errorsAlert(i));
            awaitRollback(argocd, "m-" + i, 60_000);
            Thread.sleep(pauseMs);
        }
        long roundPauseMs = Long.getLong("round.pause.ms", 5_000);
        Histogram micros = new Histogram(600_000_000L, 3);
        List<Integer> missing = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Thread.sleep(roundPauseMs); // earlier watches end (on the old engine they hold its workers)
            int first = warmup + round * burst;
            long[] sent = new long[burst];
            List<CompletableFuture<Integer>> answers = new ArrayList<>(burst);
            for (int k = 0; k < burst; k++) {
                byte[] body = errorsAlert(first + k);
                sent[k] = System.nanoTime();
                answers.add(poster.postAsync(webhook, body));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            for (int k = 0; k < burst; k++) {
                Long arrived = awaitRollback(argocd, "m-" + (first + k), 120_000);
                if (arrived == null) {
                    missing.add(first + k);
                } else {
                    micros.recordValue(Math.max(0, (arrived - sent[k]) / 1_000));
                }
                Long seen = decisionSeen.get(fingerprint(first + k));
                if (seen != null) {
                    decided.recordValue(Math.max(0, (seen - sent[k]) / 1_000));
                }
            }
        }
        System.out.printf(
                "webhook → rollback request at argocd-server, %d rounds of %d at once (%d paced warm-up not "
                        + "counted): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms; missing %s%n",
                rounds,
                burst,
                warmup,
                micros.getValueAtPercentile(50) / 1000.0,
                micros.getValueAtPercentile(90) / 1000.0,
                micros.getValueAtPercentile(99) / 1000.0,
                micros.getMaxValue() / 1000.0,
                missing);
        System.out.printf(
                "webhook → decision's audit line read from the console (n=%d): p50 %.2f ms, p90 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n",
                decided.getTotalCount(),
                decided.getValueAtPercentile(50) / 1000.0,
                decided.getValueAtPercentile(90) / 1000.0,
                decided.getValueAtPercentile(99) / 1000.0,
                decided.getMaxValue() / 1000.0);
    }

    private static String fingerprint(int i) {
        return "e%015x".formatted(i);
    }

    /** One firing errors alert for model {@code m-i} version 8, in a group of its own (→ RollbackModel). */
    private static byte[] errorsAlert(int i) {
        return AlertmanagerPayloads.firing(
                        fingerprint(i),
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
