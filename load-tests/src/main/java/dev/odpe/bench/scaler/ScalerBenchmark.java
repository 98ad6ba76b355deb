package dev.odpe.bench.scaler;

import dev.odpe.bench.webhook.AlertGroups;
import dev.odpe.bench.webhook.BenchEngine;
import dev.odpe.bench.webhook.DecisionTap;
import dev.odpe.bench.webhook.Poster;
import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.testsupport.PackagedEngine;
import dev.odpe.testsupport.Prometheus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * KEDA external scaler benchmark (issue 3), one run: a real Prometheus scrapes a Triton-shaped
 * exporter for {@code pools} models; the packaged engine reads the same queries from it in the
 * background. Compared for the same signal: GetMetrics to the engine vs the instant PromQL query
 * KEDA's Prometheus scaler sends. Then webhook → StreamIsActive push latency.
 *
 * <p>Options ({@code -Dname=value}): {@code engine.jar}, {@code pools} (200), {@code threads} (16),
 * {@code warmup} (10s), {@code duration} (15s), {@code push.pools} (100).
 */
public final class ScalerBenchmark {

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        int pools = Integer.getInteger("pools", 200);
        int threads = Integer.getInteger("threads", 16);
        Duration warmup = Duration.parse("PT" + System.getProperty("warmup", "10s"));
        Duration duration = Duration.parse("PT" + System.getProperty("duration", "15s"));
        int pushPools = Integer.getInteger("push.pools", 100);

        ExecutorService http = Executors.newFixedThreadPool(4);
        try (TritonPools triton = TritonPools.start(pools);
                Prometheus prometheus = Prometheus.scraping(triton.target());
                PackagedEngine engine = BenchEngine.start(
                        jar,
                        List.of(
                                "-Dodpe.scaler.prometheus.url=" + prometheus.baseUri(),
                                "-Dodpe.planner.live-types=ScalePool",
                                "-Dodpe.ledger=memory"),
                        new DecisionTap(),
                        OutputStream.nullOutputStream())) {
            ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", engine.grpcPort())
                    .usePlaintext()
                    .build();
            var blocking = ExternalScalerGrpc.newBlockingStub(channel);
            HttpClient promClient =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            ClosedLoopCalls.Call getMetrics = ScalerCalls.engine(blocking, pools);
            ClosedLoopCalls.Call promQl = ScalerCalls.prometheus(promClient, prometheus.baseUri(), pools);

            awaitAllAnswer(getMetrics, promQl, pools);
            System.out.printf(
                    "%d pools, Prometheus %s, engine pid %d; warm-up %s per path%n",
                    pools, prometheus.baseUri(), engine.pid(), warmup);
            ClosedLoopCalls.run(getMetrics, pools, threads, warmup);
            ClosedLoopCalls.run(promQl, pools, threads, warmup);
            System.out.println("| path | callers | calls/s | p50 ms | p90 ms | p99 ms | max ms | wrong/failed |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (int callers : new int[] {1, threads}) {
                report("GetMetrics (engine, gRPC)", callers, ClosedLoopCalls.run(getMetrics, pools, callers, duration));
                report(
                        "instant PromQL (Prometheus, HTTP)",
                        callers,
                        ClosedLoopCalls.run(promQl, pools, callers, duration));
            }

            Poster poster = new Poster(http);
            AlertGroups alerts = new AlertGroups(Long.toHexString(System.nanoTime()), 1, Instant.now());
            var webhook = engine.uri("/api/v1/alerts/alertmanager");
            PushLatency.run(
                    ExternalScalerGrpc.newStub(channel),
                    poster,
                    webhook,
                    alerts,
                    0,
                    pushPools,
                    Duration.ofMillis(20)); // warm-up: the first pushes run through cold code
            PushLatency.Result push = PushLatency.run(
                    ExternalScalerGrpc.newStub(channel),
                    poster,
                    webhook,
                    alerts,
                    pushPools,
                    pushPools,
                    Duration.ofMillis(50));
            System.out.printf(
                    "%nwebhook → StreamIsActive true, %d idle pools with open streams: p50 %.2f ms, "
                            + "p90 %.2f ms, p99 %.2f ms, max %.2f ms; %d missing (goal < 100 ms)%n",
                    pushPools,
                    push.millis(50),
                    push.millis(90),
                    push.millis(99),
                    push.micros().getMaxValue() / 1000.0,
                    push.missing());
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } finally {
            http.shutdownNow();
        }
    }

    /** Both paths must answer every pool correctly before anything is timed. */
    private static void awaitAllAnswer(ClosedLoopCalls.Call engine, ClosedLoopCalls.Call prometheus, int pools)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (int i = 0; i < pools; i++) {
            while (!answers(engine, i) || !answers(prometheus, i)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("pool " + i + " has no correct answer from both paths after 60 s");
                }
                Thread.sleep(100);
            }
        }
    }

    private static boolean answers(ClosedLoopCalls.Call call, int pool) {
        try {
            return call.call(pool);
        } catch (Exception e) {
            return false;
        }
    }

    private static void report(String path, int callers, ClosedLoopCalls.Result r) {
        System.out.printf(
                "| %s | %d | %,.0f | %.3f | %.3f | %.3f | %.2f | %d |%n",
                path,
                callers,
                r.callsPerSecond(),
                r.millis(50),
                r.millis(90),
                r.millis(99),
                r.micros().getMaxValue() / 1000.0,
                r.failures());
    }
}
