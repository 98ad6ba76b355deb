package dev.odpe.bench.scaler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * {@code threads} callers, each calling for pool after pool (thread t starts at pool t) as fast as
 * answers come, for {@code duration}. One latency histogram (µs) over all calls.
 */
public final class ClosedLoopCalls {

    /** One call for one pool; returns false when the answer was wrong or an error. */
    @FunctionalInterface
    public interface Call {
        boolean call(int pool) throws Exception;
    }

    public record Result(Histogram micros, long calls, long failures, Duration elapsed) {
        public double callsPerSecond() {
            return calls * 1e9 / elapsed.toNanos();
        }

        public double millis(double percentile) {
            return micros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private ClosedLoopCalls() {}

    public static Result run(Call call, int pools, int threads, Duration duration) throws InterruptedException {
        Histogram all = new Histogram(60_000_000L, 3);
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int first = t;
            Thread caller = new Thread(
                    () -> {
                        Histogram mine = new Histogram(60_000_000L, 3);
                        int pool = first % pools;
                        do { // at least one call per caller, however late the thread got a core
                            long before = System.nanoTime();
                            boolean ok;
                            try {
                                ok = call.call(pool);
                            } catch (Exception e) {
                                ok = false;
                            }
                            mine.recordValue(Math.max(0, (System.nanoTime() - before) / 1_000));
                            if (!ok) {
                                failures.incrementAndGet();
                            }
                            pool = (pool + 1) % pools;
                        } while (System.nanoTime() < deadline);
                        synchronized (all) {
                            all.add(mine);
                        }
                    },
                    "caller-" + t);
            caller.start();
            callers.add(caller);
        }
        for (Thread caller : callers) {
            caller.join();
        }
        return new Result(all, all.getTotalCount(), failures.get(), Duration.ofNanos(System.nanoTime() - start));
    }
}
