package dev.odpe.bench.soak;

import dev.odpe.bench.webhook.AlertGroups;
import dev.odpe.bench.webhook.BenchEngine;
import dev.odpe.bench.webhook.DecisionTap;
import dev.odpe.bench.webhook.Poster;
import dev.odpe.testsupport.PackagedEngine;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Soak: distinct firing alerts at a fixed rate (default 2,000/s for 10 minutes) into the packaged engine
 * with the heap the Kubernetes pod gets (768Mi limit × MaxRAMPercentage 75 = -Xmx576m). Nothing ever
 * resolves, so without a bound working memory grows until the heap is exhausted; with
 * {@code odpe.evaluation.max-alerts} the engine answers 503 once full and the heap stays flat.
 *
 * <p>Reports per period ({@code -Dreport}, default a minute): alerts accepted (2xx) and refused (503), the engine's firing-alert gauge, and
 * the heap after GC (lowest and highest "after" of that minute's collections, from the engine's GC log);
 * over the run: GC pause p50/p99/max and whether the engine survived (no OutOfMemoryError, still live).
 *
 * <pre>
 * java -cp load-tests/target/benchmarks.jar dev.odpe.bench.soak.SoakBenchmark
 * # options: -Drate=2000 -Dduration=10m -Dgroup=10 -Dheap=576m -Dreport=1m -Dengine.jvm="..." -Dengine.jar=...
 * </pre>
 */
public final class SoakBenchmark {

    /** Unified JVM logging, -Xlog:gc: "[12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 300M->120M(576M) 4.321ms". */
    private static final Pattern PAUSE =
            Pattern.compile("\\[([0-9.]+)s\\].*GC\\(\\d+\\) Pause .* (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");

    private SoakBenchmark() {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        double rate = Double.parseDouble(System.getProperty("rate", "2000"));
        Duration duration =
                Duration.parse("PT" + System.getProperty("duration", "10m").toUpperCase());
        int groupSize = Integer.parseInt(System.getProperty("group", "10"));
        String heap = System.getProperty("heap", "576m");
        Duration report =
                Duration.parse("PT" + System.getProperty("report", "1m").toUpperCase());
        Path gcLog = Files.createTempFile("odpe-soak-gc", ".log");
        List<String> jvm = new ArrayList<>(List.of(
                "-Xmx" + heap,
                "-Xms" + heap,
                "-XX:+HeapDumpOnOutOfMemoryError",
                "-XX:HeapDumpPath=" + gcLog.getParent(),
                "-Xlog:gc:file=" + gcLog + ":uptime"));
        String extra = System.getProperty("engine.jvm", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(Arrays.asList(extra.split(" ")));
        }
        System.out.printf(
                "soak: %.0f alerts/s in groups of %d for %s, engine %s, GC log %s%n",
                rate, groupSize, duration, jvm, gcLog);

        ExecutorService http = Executors.newFixedThreadPool(4);
        AlertGroups groups = new AlertGroups("soak" + Long.toHexString(System.nanoTime()), groupSize, Instant.now());
        AtomicLong accepted = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore inFlight = new Semaphore(256); // a stalled engine shows as failed sends, not client memory
        long launched = System.nanoTime();
        try (PackagedEngine engine = BenchEngine.start(jar, jvm, new DecisionTap(), OutputStream.nullOutputStream())) {
            Poster poster = new Poster(http);
            URI endpoint = engine.uri("/api/v1/alerts/alertmanager");
            long interval = Math.round(1e9 * groupSize / rate);
            long start = System.nanoTime();
            double loadStartUptime = (start - launched) / 1e9; // GC log times are the engine JVM's uptime
            long end = start + duration.toNanos();
            long nextReport = start + report.toNanos();
            long lastAccepted = 0;
            long lastRefused = 0;
            int minute = 0;
            System.out.println("period  accepted  refused  failed  firing-in-engine  heap-after-GC (MiB, min..max)");
            for (long i = 0; ; i++) {
                long due = start + i * interval;
                if (due >= end) {
                    break;
                }
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                if (!inFlight.tryAcquire()) {
                    failed.addAndGet(groupSize);
                } else {
                    CompletableFuture<Integer> sent =
                            poster.postAsync(endpoint, groups.group(i).body());
                    sent.whenComplete((status, error) -> {
                        inFlight.release();
                        if (error != null) {
                            failed.addAndGet(groupSize);
                        } else if (status / 100 == 2) {
                            accepted.addAndGet(groupSize);
                        } else {
                            refused.addAndGet(groupSize);
                        }
                    });
                }
                if (System.nanoTime() >= nextReport) {
                    minute++;
                    nextReport += report.toNanos();
                    double from = (minute - 1) * report.toMillis() / 1000.0 + loadStartUptime;
                    long[] heapRange = heapAfterGc(gcLog, from, from + report.toMillis() / 1000.0);
                    System.out.printf(
                            "%6d  %8d  %7d  %6d  %16s  %d..%d%n",
                            minute,
                            accepted.get() - lastAccepted,
                            refused.get() - lastRefused,
                            failed.get(),
                            firing(engine),
                            heapRange[0],
                            heapRange[1]);
                    lastAccepted = accepted.get();
                    lastRefused = refused.get();
                }
            }
            inFlight.acquire(256);
            String health = engine.get("/q/health/live");
            System.out.printf(
                    "total: accepted %d, refused %d, failed %d; firing in engine %s; live: %s%n",
                    accepted.get(), refused.get(), failed.get(), firing(engine), health.contains("\"UP\""));
        } finally {
            http.shutdownNow();
        }
        Histogram pauses = new Histogram(3_600_000_000L, 3);
        long collections = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses.recordValue(Math.round(Double.parseDouble(m.group(5)) * 1000));
                collections++;
            }
            if (line.contains("OutOfMemoryError") || line.contains("Pause Full")) {
                System.out.println("GC log: " + line);
            }
        }
        System.out.printf(
                "GC pauses: %d, p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                collections,
                pauses.getValueAtPercentile(50) / 1000.0,
                pauses.getValueAtPercentile(99) / 1000.0,
                pauses.getMaxValue() / 1000.0);
    }

    /** Lowest and highest heap-after-GC (MiB) of the collections whose uptime is in [from, to). */
    private static long[] heapAfterGc(Path gcLog, double from, double to) throws IOException {
        long min = Long.MAX_VALUE;
        long max = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                double at = Double.parseDouble(m.group(1));
                if (at >= from && at < to) {
                    long after = Long.parseLong(m.group(3));
                    min = Math.min(min, after);
                    max = Math.max(max, after);
                }
            }
        }
        return new long[] {min == Long.MAX_VALUE ? -1 : min, max};
    }

    private static String firing(PackagedEngine engine) {
        try {
            for (String line : engine.get("/q/metrics").split("\n")) {
                if (line.startsWith("odpe_evaluation_firing_alerts ")) {
                    return line.substring(line.indexOf(' ') + 1);
                }
            }
            return "?";
        } catch (RuntimeException e) {
            return "unreachable";
        }
    }
}
