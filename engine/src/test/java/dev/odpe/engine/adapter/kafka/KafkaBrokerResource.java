package dev.odpe.engine.adapter.kafka;

import dev.odpe.testsupport.KafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a real Kafka broker for a {@code @QuarkusTest} class, creates the engine's four topics (as
 * Strimzi would: the engine creates none) and switches the engine's Kafka on.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    static final String DRIFT_EVENTS = "odpe.drift-events";
    static final String DEAD_LETTERS = "odpe.drift-events.dlq";
    static final String DECISIONS = "odpe.decisions";
    static final String INPUTS = "odpe.inputs";
    static final int MAX_UNACKNOWLEDGED = 2;
    private static final int PARTITIONS = 3;

    private static volatile KafkaBroker broker;

    static KafkaBroker broker() {
        return broker;
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaBroker.start();
        broker.createTopics(PARTITIONS, DRIFT_EVENTS, DEAD_LETTERS, DECISIONS, INPUTS);
        return Map.of(
                "odpe.kafka.enabled",
                "true",
                "kafka.bootstrap.servers",
                broker.bootstrapServers(),
                // small, so that tests also take the path where reading waits for decisions to be published
                "odpe.kafka.max-unacknowledged",
                String.valueOf(MAX_UNACKNOWLEDGED));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
