package dev.odpe.bench.rules;

import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The rule engine alone (no JSON, no HTTP) with the default pack. Throughput in events/s: one
 * operation is one alert event (a fire or a resolve), each followed by an evaluation, which is how
 * the engine drives a session. See load-tests/README.md for the command and recorded results.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 3, time = 3)
public class RuleEngineBenchmark {

    /** One session per trial, owned by the benchmark thread. */
    @State(Scope.Thread)
    public static class Engine {
        BenchSession session;

        @Setup(Level.Trial)
        public void open() {
            RulePack pack = RulePackCompiler.bundled();
            session = new BenchSession(pack);
        }

        @TearDown(Level.Trial)
        public void close() {
            if (session.emitted() == 0) {
                throw new IllegalStateException("benchmark emitted nothing: it measured no rule firing");
            }
            session.close();
        }
    }

    /** Latency alert for a pool → ScalePool, plus the resolve of an older alert. */
    @Benchmark
    @OperationsPerInvocation(2)
    public long singleMatchRule(Engine engine) {
        engine.session.singleMatchStep();
        return engine.session.emitted();
    }

    /** As singleMatchRule, with each fired alert parsed from JSON bytes first (Jackson, records). */
    @Benchmark
    @OperationsPerInvocation(2)
    public long jsonInSingleMatchRule(Engine engine) {
        engine.session.jsonSingleMatchStep();
        return engine.session.emitted();
    }

    /** Drift + latency within 10 minutes for one model → Notify + RollbackModel; two resolves. */
    @Benchmark
    @OperationsPerInvocation(4)
    public long twoEventCorrelationWindow(Engine engine) {
        engine.session.correlationStep();
        return engine.session.emitted();
    }

    /** The same alert re-sent again and again: replaced in place, no new outcome. */
    @Benchmark
    public long repeatedAlertThrottle(Engine engine) {
        engine.session.repeatStep();
        return engine.session.emitted();
    }
}
