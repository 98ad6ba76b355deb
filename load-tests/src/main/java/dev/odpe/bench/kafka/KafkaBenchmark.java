package dev.odpe.bench.kafka;

import dev.odpe.bench.webhook.EngineHistograms;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Drift events over Kafka: events/s from the drift-events topic to a decision on the decisions topic,
 * and the engine group's consumer lag under load (load-tests/README.md, "Drift events over Kafka").
 * For each rate, on a fresh broker and engine: open-loop warm-up at that rate, then the measured window;
 * then the throughput mode: M events preloaded before the engine starts, timed until all are decided.
 *
 * <p>Options ({@code -Dname=value}): {@code rates} (500,1000,2000,3000,5000 events/s), {@code duration}
 * (30s), {@code warmup} (10s), {@code partitions} (1), {@code preload} (100000; 0 skips the throughput
 * mode), {@code drain} (120s: the longest wait for outstanding decisions), {@code engine.jar},
 * {@code engine.jvm} (extra engine JVM options, space separated, e.g.
 * {@code -Dodpe.kafka.decisions.max-in-flight=50000}).
 */
public final class KafkaBenchmark {

    private static final String EVALUATION_LAG = "odpe_evaluation_lag_seconds";
    private static final String PUBLISH_FAILURES = "odpe_kafka_decisions_failed_total";
    /** SmallRye's throttled commit runs every auto.commit.interval.ms (5 s): wait one, plus slack. */
    private static final Duration COMMIT_INTERVAL_AND_SLACK = Duration.ofSeconds(7);
    /** A drain ends early once no decision has arrived for this long. */
    private static final Duration QUIET = Duration.ofSeconds(20);

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        List<String> jvm = new ArrayList<>(
                Arrays.asList(System.getProperty("engine.jvm", "").split(" ")));
        jvm.removeIf(String::isBlank);
        List<Double> rates = Arrays.stream(
                        System.getProperty("rates", "500,1000,2000,3000,5000").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(Double::parseDouble)
                .toList();
        Duration duration = Duration.parse("PT" + System.getProperty("duration", "30s"));
        Duration warmup = Duration.parse("PT" + System.getProperty("warmup", "10s"));
        int partitions = Integer.getInteger("partitions", 1);
        int preload = Integer.getInteger("preload", 100_000);
        Duration drain = Duration.parse("PT" + System.getProperty("drain", "120s"));

        System.out.printf(
                "engine JVM options %s, %d drift-events partition(s), %s measured after %s warm-up%n",
                jvm, partitions, duration, warmup);
        List<ResultTable.Row> rows = new ArrayList<>();
        for (double rate : rates) {
            ResultTable.Row row = openLoop(jar, jvm, partitions, rate, warmup, duration, drain);
            rows.add(row);
            System.out.print(ResultTable.markdown(List.of(row)));
        }
        System.out.printf(
                "%nopen loop, due time → decision on %s:%n%s", KafkaStack.DECISIONS, ResultTable.markdown(rows));
        if (preload > 0) {
            throughput(jar, jvm, partitions, preload, drain);
        }
    }

    private static ResultTable.Row openLoop(
            Path jar, List<String> jvm, int partitions, double rate, Duration warmup, Duration duration, Duration drain)
            throws Exception {
        try (KafkaStack stack = KafkaStack.start(partitions);
                DriftProducer producer = new DriftProducer(
                        stack.bootstrapServers(),
                        KafkaStack.DRIFT_EVENTS,
                        "open-" + (long) rate + "-" + Long.toHexString(System.nanoTime()))) {
            stack.startEngine(jar, jvm);
            System.out.printf("%n%,.0f events/s: engine ready (log %s)%n", rate, stack.engineLog());
            RateSchedule warm = new RateSchedule(rate, warmup);
            DecisionLedger warmLedger = new DecisionLedger(0, (int) warm.count());
            stack.decisions().track(warmLedger);
            producer.open(warm, 0, warmLedger);
            awaitDecided(warmLedger, drain);

            String before = stack.metrics();
            RateSchedule measured = new RateSchedule(rate, duration);
            DecisionLedger ledger = new DecisionLedger(warm.count(), (int) measured.count());
            stack.decisions().track(ledger);
            stack.lag().resetMax();
            DriftProducer.Sent sent = producer.open(measured, warm.count(), ledger);
            long lagAtEnd = stack.lag().sample();
            System.out.printf(
                    "sent %,d events at %,.0f/s (sender at worst %.1f ms late); lag at end of load %,d%n",
                    sent.events(), sent.perSecond(), sent.maxSendDelayMillis(), lagAtEnd);
            awaitDecided(ledger, drain);
            Thread.sleep(COMMIT_INTERVAL_AND_SLACK.toMillis());
            long finalLag = stack.lag().sample();
            String after = stack.metrics();
            printDecisionCounters(after);
            return new ResultTable.Row(
                    rate,
                    sent.perSecond(),
                    ledger.produced(),
                    ledger.decidedCount(),
                    ledger.missing(),
                    ledger.duplicates(),
                    ledger.latencyMillis(),
                    stack.lag().max(),
                    lagAtEnd,
                    finalLag,
                    counterDelta(before, after, PUBLISH_FAILURES),
                    engineLagP99(before, after));
        }
    }

    /** Preloads the topic, starts the engine, and times it through the backlog. */
    private static void throughput(Path jar, List<String> jvm, int partitions, int preload, Duration drain)
            throws Exception {
        try (KafkaStack stack = KafkaStack.start(partitions);
                DriftProducer producer = new DriftProducer(
                        stack.bootstrapServers(),
                        KafkaStack.DRIFT_EVENTS,
                        "preload-" + Long.toHexString(System.nanoTime()))) {
            DecisionLedger ledger = new DecisionLedger(0, preload);
            stack.decisions().track(ledger);
            DriftProducer.Sent sent = producer.preload(0, preload, ledger);
            System.out.printf(
                    "%nthroughput: %,d events preloaded at %,.0f/s; starting the engine%n",
                    sent.events(), sent.perSecond());
            long engineStart = System.currentTimeMillis();
            stack.startEngine(jar, jvm);
            long ready = System.currentTimeMillis();
            awaitDecided(ledger, drain.plus(Duration.ofSeconds(preload / 1_000)));
            long maxLag = stack.lag().max();
            Thread.sleep(COMMIT_INTERVAL_AND_SLACK.toMillis());
            long finalLag = stack.lag().sample();
            String metrics = stack.metrics();
            printDecisionCounters(metrics);
            double failures = EngineHistograms.total(metrics, PUBLISH_FAILURES);
            long first = ledger.firstDecisionMillis();
            long last = ledger.lastDecisionMillis();
            long decided = ledger.decidedCount();
            System.out.printf(
                    "throughput: %,d of %,d decided (missing %,d, duplicates %,d); engine start → ready "
                            + "%.1f s; first → last decision %.1f s = %,.0f events/s; engine start → last decision "
                            + "%.1f s = %,.0f events/s; max lag %,d, final lag %,d; publish failures %,.0f%n",
                    decided,
                    ledger.produced(),
                    ledger.missing(),
                    ledger.duplicates(),
                    (ready - engineStart) / 1e3,
                    (last - first) / 1e3,
                    decided / ((last - first) / 1e3),
                    (last - engineStart) / 1e3,
                    decided / ((last - engineStart) / 1e3),
                    maxLag,
                    finalLag,
                    failures);
        }
    }

    /** Waits until every produced event of the ledger has a decision, nothing arrived for a while, or time is up. */
    private static void awaitDecided(DecisionLedger ledger, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long lastProgress = System.nanoTime();
        long seen = -1;
        while (!ledger.complete() && System.nanoTime() < deadline) {
            long now = ledger.decidedCount();
            if (now != seen) {
                seen = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > QUIET.toNanos()) {
                System.out.printf(
                        "no decision for %s; %,d of %,d still missing%n", QUIET, ledger.missing(), ledger.produced());
                return;
            }
            Thread.sleep(100);
        }
    }

    /** The engine's decisions by action and outcome, to see that events became what they should (Notify, dry run). */
    private static void printDecisionCounters(String metrics) {
        metrics.lines().filter(l -> l.startsWith("odpe_decisions_total{")).forEach(l -> System.out.println("  " + l));
    }

    private static double counterDelta(String before, String after, String metric) {
        return EngineHistograms.total(after, metric) - EngineHistograms.total(before, metric);
    }

    private static double engineLagP99(String before, String after) {
        Map<Double, Double> window = EngineHistograms.between(
                EngineHistograms.buckets(before, EVALUATION_LAG, ""),
                EngineHistograms.buckets(after, EVALUATION_LAG, ""));
        return EngineHistograms.quantileMillis(window, 0.99);
    }
}
