package dev.odpe.bench.webhook;

import dev.odpe.bench.webhook.Verdicts.Latencies;
import dev.odpe.testsupport.PackagedEngine;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Webhook → recorded decision, against the packaged engine in a child JVM (issue 2's benchmark).
 * Phases, one run: on one engine, warm-up then closed-loop throughput of the parse-only endpoint
 * ({@code /validate}: read, parse, validate, map — no evaluation) and of ingest (until every decision
 * is recorded), alternated; then on a fresh engine, an open loop at a fixed rate (warm-up at that
 * rate, then measured) for latency percentiles.
 *
 * <p>Options ({@code -Dname=value}): {@code engine.jar}, {@code engine.jvm} (extra JVM options,
 * space separated), {@code connections} (4), {@code warmup} (10s), {@code duration} (10s),
 * {@code rounds} (3; 0 skips the throughput phase), {@code rate} (1000 alerts/s), {@code open.duration} (30s), {@code group} (10).
 */
public final class WebhookBenchmark {

    private static final String LAG = "odpe_evaluation_lag_seconds";
    private static final Duration RECORD_TIMEOUT = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        List<String> jvm = new ArrayList<>(
                Arrays.asList(System.getProperty("engine.jvm", "").split(" ")));
        jvm.removeIf(String::isBlank);
        int connections = Integer.getInteger("connections", 4);
        Duration warmup = Duration.parse("PT" + System.getProperty("warmup", "10s"));
        Duration duration = Duration.parse("PT" + System.getProperty("duration", "10s"));
        int rounds = Integer.getInteger("rounds", 3);
        double rate = Double.parseDouble(System.getProperty("rate", "1000"));
        Duration openDuration = Duration.parse("PT" + System.getProperty("open.duration", "30s"));
        int groupSize = Integer.getInteger("group", 10);

        DecisionTap tap = new DecisionTap();
        ExecutorService http = Executors.newFixedThreadPool(Math.max(4, connections));
        AlertGroups groups = new AlertGroups(Long.toHexString(System.nanoTime()), groupSize, Instant.now());
        AtomicLong sequence = new AtomicLong();
        Poster poster = new Poster(http);
        try {
            System.out.printf(
                    "JVM options for the engine %s, %d connections, %d alerts/group%n", jvm, connections, groupSize);
            if (rounds > 0) {
                try (PackagedEngine engine = BenchEngine.start(jar, jvm, tap, OutputStream.nullOutputStream())) {
                    throughput(
                            engine,
                            new ClosedLoop(poster, groups, sequence),
                            tap,
                            connections,
                            warmup,
                            duration,
                            rounds);
                }
            }
            // A fresh engine for latency: the throughput phase leaves ~10^6 firing alerts in working memory
            // (they live until resolved or @expires 26h), a state no real estate is in and one that
            // turns every young GC into a 100+ ms copy of the live set.
            try (PackagedEngine engine = BenchEngine.start(jar, jvm, tap, OutputStream.nullOutputStream())) {
                latency(engine, new OpenLoop(poster, groups, sequence), tap, rate, warmup, openDuration);
            }
        } finally {
            http.shutdownNow();
        }
    }

    private static void throughput(
            PackagedEngine engine,
            ClosedLoop closed,
            DecisionTap tap,
            int connections,
            Duration warmup,
            Duration duration,
            int rounds)
            throws InterruptedException {
        var validate = engine.uri("/api/v1/alerts/alertmanager/validate");
        var ingest = engine.uri("/api/v1/alerts/alertmanager");
        closed.run(validate, connections, warmup);
        awaitRecorded(closed.run(ingest, connections, warmup).accepted(), tap);
        List<Double> parseOnly = new ArrayList<>();
        List<Double> decided = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            ClosedLoop.Sent parsed = closed.run(validate, connections, duration);
            parseOnly.add(Verdicts.perSecond(parsed.alerts(), parsed.firstSend(), parsed.lastAnswer()));
            ClosedLoop.Sent ingested = closed.run(ingest, connections, duration);
            Instant last = awaitRecorded(ingested.accepted(), tap);
            decided.add(Verdicts.perSecond(ingested.alerts(), ingested.firstSend(), last));
            System.out.printf(
                    "round %d: parse-only %,.0f alerts/s; ingest→decision %,.0f alerts/s "
                            + "(%d alerts, %d refused)%n",
                    round, parseOnly.get(round - 1), decided.get(round - 1), ingested.alerts(), ingested.refused());
        }
        double ratio = median(decided) / median(parseOnly);
        System.out.printf(
                "%nthroughput (median of %d rounds): parse-only %,.0f alerts/s, engine %,.0f "
                        + "decisions/s, ratio %.2f× (target ≥ %.1f×: %s)%n",
                rounds,
                median(parseOnly),
                median(decided),
                ratio,
                Verdicts.THROUGHPUT_RATIO_TARGET,
                Verdicts.met(ratio >= Verdicts.THROUGHPUT_RATIO_TARGET));
    }

    private static void latency(
            PackagedEngine engine, OpenLoop open, DecisionTap tap, double rate, Duration warmup, Duration duration)
            throws InterruptedException {
        var ingest = engine.uri("/api/v1/alerts/alertmanager");
        var validate = engine.uri("/api/v1/alerts/alertmanager/validate");
        open.run(validate, rate, warmup);
        awaitRecorded(open.run(ingest, rate, warmup).dueByFingerprint().keySet(), tap);
        Histogram parseOnly = open.run(validate, rate, duration).answeredMicros();
        System.out.printf(
                "%nopen loop, parse-only endpoint, %,.0f alerts/s for %s: answer p50 %.2f ms, p90 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n",
                rate,
                duration,
                millis(parseOnly, 50),
                millis(parseOnly, 90),
                millis(parseOnly, 99),
                parseOnly.getMaxValue() / 1000.0);
        var lagBefore = EngineHistograms.buckets(engine.get("/q/metrics"), LAG, "");
        OpenLoop.Sent sent = open.run(ingest, rate, duration);
        awaitRecorded(sent.dueByFingerprint().keySet(), tap);
        Latencies latency = Verdicts.latencies(sent.dueByFingerprint(), tap::recordedAt);
        boolean p99Met = latency.percentileMillis(99) < Verdicts.P99_TARGET.toMillis()
                && latency.missing() == 0
                && sent.refused() == 0
                && sent.failed() == 0;
        System.out.printf(
                "open loop, ingest → decision, %,.0f alerts/s for %s (%d groups, after %s at that rate): p50 %.2f ms, "
                        + "p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; missing %d, refused %d, failed %d "
                        + "(target p99 < %d ms, none missing: %s)%n",
                rate,
                duration,
                sent.groups(),
                warmup,
                latency.percentileMillis(50),
                latency.percentileMillis(90),
                latency.percentileMillis(99),
                latency.percentileMillis(99.9),
                latency.micros().getMaxValue() / 1000.0,
                latency.missing(),
                sent.refused(),
                sent.failed(),
                Verdicts.P99_TARGET.toMillis(),
                Verdicts.met(p99Met));
        var lag = EngineHistograms.between(lagBefore, EngineHistograms.buckets(engine.get("/q/metrics"), LAG, ""));
        System.out.printf(
                "engine side, same window (odpe_evaluation_lag: batch accepted → its decisions recorded; "
                        + "histogram bucket bounds): p50 ≤ %.2f ms, p90 ≤ %.2f ms, p99 ≤ %.2f ms%n",
                EngineHistograms.quantileMillis(lag, 0.5),
                EngineHistograms.quantileMillis(lag, 0.9),
                EngineHistograms.quantileMillis(lag, 0.99));
    }

    private static Instant awaitRecorded(Collection<String> fingerprints, DecisionTap tap) throws InterruptedException {
        long deadline = System.nanoTime() + RECORD_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Instant> last = Verdicts.allRecordedBy(fingerprints, tap::recordedAt);
            if (last.isPresent()) {
                return last.get();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("not every accepted alert became a recorded decision within " + RECORD_TIMEOUT
                + " (" + tap.decisionsSeen() + " seen)");
    }

    private static double millis(Histogram micros, double percentile) {
        return micros.getValueAtPercentile(percentile) / 1000.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
