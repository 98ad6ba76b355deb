package dev.odpe.bench.kafka;

import dev.odpe.bench.webhook.BenchEngine;
import dev.odpe.bench.webhook.DecisionTap;
import dev.odpe.testsupport.KafkaBroker;
import dev.odpe.testsupport.PackagedEngine;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * What one measurement runs against, fresh each time: a KRaft broker in this JVM (test-support's
 * {@link KafkaBroker}), the engine's three topics, the decisions consumer, the lag sampler, and the
 * packaged engine as a child JVM with Kafka on. Fresh because the engine replays committed drift events
 * at start-up: on a reused broker a second engine would begin by replaying the previous run.
 */
public final class KafkaStack implements AutoCloseable {

    static final String DRIFT_EVENTS = "odpe.drift-events";
    static final String DECISIONS = "odpe.decisions";
    static final String DEAD_LETTERS = "odpe.drift-events.dlq";
    static final String GROUP = "odpe-engine";

    private final KafkaBroker broker;
    private final DecisionConsumer decisions;
    private final LagSampler lag;
    private final Path engineLog;
    private OutputStream engineLogOut;
    private PackagedEngine engine;

    private KafkaStack(KafkaBroker broker, DecisionConsumer decisions, LagSampler lag, Path engineLog) {
        this.broker = broker;
        this.decisions = decisions;
        this.lag = lag;
        this.engineLog = engineLog;
    }

    public static KafkaStack start(int partitions) throws Exception {
        KafkaBroker broker = KafkaBroker.start();
        broker.createTopics(partitions, DRIFT_EVENTS, DEAD_LETTERS);
        try (Admin admin = broker.admin()) {
            // LogAppendTime: a decision's record timestamp is when the broker appended it, so "latency to the
            // decision on the topic" is read off the record, on the same clock as the due times.
            admin.createTopics(List.of(new NewTopic(DECISIONS, partitions, (short) 1)
                            .configs(Map.of("message.timestamp.type", "LogAppendTime"))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        DecisionConsumer decisions = new DecisionConsumer(broker.bootstrapServers(), DECISIONS);
        LagSampler lag = new LagSampler(broker.admin(), GROUP, DRIFT_EVENTS, partitions, 250);
        return new KafkaStack(broker, decisions, lag, Files.createTempFile("odpe-kbench-engine-", ".log"));
    }

    /** Starts the packaged engine reading this broker; returns once it is ready. */
    public void startEngine(Path jar, List<String> jvmOptions) throws IOException {
        List<String> options = new ArrayList<>(
                List.of("-Dodpe.kafka.enabled=true", "-Dkafka.bootstrap.servers=" + broker.bootstrapServers()));
        options.addAll(jvmOptions);
        engineLogOut = new BufferedOutputStream(Files.newOutputStream(engineLog));
        // The tap only drains the console here (audit lines; every other line goes to the log file): the
        // decisions are measured on the decisions topic, where a downstream system would see them.
        engine = BenchEngine.start(jar, options, new DecisionTap(), engineLogOut);
    }

    public String bootstrapServers() {
        return broker.bootstrapServers();
    }

    public DecisionConsumer decisions() {
        return decisions;
    }

    public LagSampler lag() {
        return lag;
    }

    /** The engine's console lines other than audit lines (start-up, warnings, publication failures). */
    public Path engineLog() {
        return engineLog;
    }

    public String metrics() {
        return engine.get("/q/metrics");
    }

    @Override
    public void close() throws Exception {
        if (engine != null) {
            engine.close();
            engineLogOut.close();
        }
        lag.close();
        decisions.close();
        broker.close();
    }
}
