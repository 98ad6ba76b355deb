package dev.odpe.bench.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.rules.runtime.RuleSession;
import dev.odpe.rules.scenario.ScenarioJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The workloads the JMH benchmarks time, kept apart from JMH so a plain test can check that each
 * one really produces the outcomes it claims (a benchmark of a rule that never fires measures nothing).
 * One thread owns the session and its pseudo clock, as in the engine.
 */
public final class BenchSession implements AutoCloseable {

    /** Alerts kept firing at once: resolves trail fires by this many so working memory stays flat. */
    public static final int LIVE_WINDOW = 100;

    private static final long STEP_MILLIS = 1_000;
    private static final String NAMESPACE = "ml-serving";

    private final RuleSession session;
    private final AlertSignal[] latencyByPool;
    private final AlertSignal repeating;
    private final byte[][] latencyJsonByPool;
    private final ObjectMapper json = ScenarioJson.mapper();
    private long clock = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private long sequence;
    private long emitted;
    private long withdrawn;

    public BenchSession(RulePack pack) {
        this.session = pack.newSession(RulePackSettings.DEFAULTS);
        Instant start = Instant.ofEpochMilli(clock);
        session.advanceTo(start);
        latencyByPool = new AlertSignal[LIVE_WINDOW * 2];
        for (int i = 0; i < latencyByPool.length; i++) {
            latencyByPool[i] = new AlertSignal(
                    "lat-" + i,
                    "TritonP99LatencyHigh",
                    Signal.LATENCY,
                    NAMESPACE,
                    "pool-" + i,
                    null,
                    null,
                    "warning",
                    start);
        }
        latencyJsonByPool = new byte[latencyByPool.length][];
        for (int i = 0; i < latencyByPool.length; i++) {
            latencyJsonByPool[i] = ("{\"fingerprint\":\"lat-" + i + "\",\"alertName\":\"TritonP99LatencyHigh\","
                            + "\"signal\":\"latency\",\"namespace\":\"" + NAMESPACE + "\",\"pool\":\"pool-" + i + "\","
                            + "\"severity\":\"warning\",\"startsAt\":\"2026-01-01T00:00:00Z\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
        repeating = new AlertSignal(
                "lat-repeat",
                "TritonP99LatencyHigh",
                Signal.LATENCY,
                NAMESPACE,
                "pool-repeat",
                null,
                null,
                "warning",
                start);
    }

    public static BenchSession withDefaultPack() {
        return new BenchSession(RulePackCompiler.bundled());
    }

    /**
     * Single-match rule: one latency alert fires (→ ScalePool) and the alert fired
     * {@link #LIVE_WINDOW} steps ago resolves (→ withdrawn). Two events.
     */
    public void singleMatchStep() {
        tick();
        int slot = (int) (sequence % latencyByPool.length);
        session.fire(latencyByPool[slot]);
        count(session.evaluate());
        session.resolve(latencyByPool[(slot + LIVE_WINDOW) % latencyByPool.length].fingerprint());
        count(session.evaluate());
        sequence++;
    }

    /** As {@link #singleMatchStep()}, but each fired alert is first parsed from JSON bytes. Two events. */
    public void jsonSingleMatchStep() {
        tick();
        int slot = (int) (sequence % latencyByPool.length);
        session.fire(parse(latencyJsonByPool[slot]));
        count(session.evaluate());
        session.resolve(latencyByPool[(slot + LIVE_WINDOW) % latencyByPool.length].fingerprint());
        count(session.evaluate());
        sequence++;
    }

    private AlertSignal parse(byte[] bytes) {
        try {
            return json.readValue(bytes, AlertSignal.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Two-event window: drift then latency for the same model version 30 s apart (→ Notify and
     * RollbackModel drift+latency); the pair from {@link #LIVE_WINDOW} steps ago resolves. Four events.
     */
    public void correlationStep() {
        tick();
        String model = "model-" + (sequence % (LIVE_WINDOW * 2));
        Instant now = Instant.ofEpochMilli(clock);
        session.fire(new AlertSignal(
                "drift-" + model, "InputDrift", Signal.DRIFT, NAMESPACE, null, model, "1", "warning", now));
        count(session.evaluate());
        session.fire(new AlertSignal(
                "lat-" + model,
                "TritonP99LatencyHigh",
                Signal.LATENCY,
                NAMESPACE,
                null,
                model,
                "1",
                "warning",
                now.plusSeconds(30)));
        count(session.evaluate());
        String old = "model-" + ((sequence + LIVE_WINDOW) % (LIVE_WINDOW * 2));
        session.resolve("drift-" + old);
        session.resolve("lat-" + old);
        count(session.evaluate());
        sequence++;
    }

    /** Throttle: the same alert is re-sent; the replace must not produce a new outcome. One event. */
    public void repeatStep() {
        tick();
        session.fire(repeating);
        count(session.evaluate());
        sequence++;
    }

    public long emitted() {
        return emitted;
    }

    public long withdrawn() {
        return withdrawn;
    }

    public long factCount() {
        return session.factCount();
    }

    @Override
    public void close() {
        session.close();
    }

    private void tick() {
        clock += STEP_MILLIS;
        session.advanceTo(Instant.ofEpochMilli(clock));
    }

    private void count(List<RuleOutcome> outcomes) {
        for (RuleOutcome outcome : outcomes) {
            if (outcome instanceof RuleOutcome.Emitted) {
                emitted++;
            } else {
                withdrawn++;
            }
        }
    }
}
