package dev.odpe.engine.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.engine.adapter.kafka.KafkaConfig.ContentMode;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.plan.Planner;
import dev.odpe.engine.plan.PlannerConfig;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.testsupport.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The restore of planner memory from the decisions topic, against a real broker in the test JVM. */
class DecisionHistoryBoundTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    private static final int MAX_REMEMBERED = 10;
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final KafkaBroker broker = KafkaBroker.start();

    @AfterEach
    void stop() {
        broker.close();
    }

    @Test
    void givenMoreDecisionsInTheWindowThanThePlannerRemembersWhenTheyAreRestoredThenOnlyTheNewestAreHeld()
            throws Exception {
        // Given 30 decisions on two partitions within the window, and a planner that remembers 10
        broker.createTopics(2, "odpe.decisions");
        DecisionEvents events = new DecisionEvents(
                JSON, URI.create("urn:odpe:engine"), ContentMode.binary, Clock.fixed(NOW, ZoneOffset.UTC));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
            for (int i = 0; i < 30; i++) {
                producer.send(events.record("odpe.decisions", decision(i), SpanContext.getInvalid(), false))
                        .get();
            }
        }
        RecordingPlanner planner = new RecordingPlanner();
        DecisionHistory history = new DecisionHistory(
                kafkaConfig(),
                planner,
                JSON,
                Clock.fixed(NOW, ZoneOffset.UTC),
                Map.of("bootstrap.servers", broker.bootstrapServers()),
                new SimpleMeterRegistry());

        // When the engine starts and restores them
        history.restore();

        // Then the planner was handed the 10 newest only, oldest first
        assertThat(planner.restored).hasSize(MAX_REMEMBERED);
        assertThat(planner.restored).isSortedAccordingTo(Instant::compareTo);
        assertThat(planner.restored.get(0)).isEqualTo(decidedAt(20));
    }

    private static Instant decidedAt(int i) {
        return NOW.minus(Duration.ofMinutes(60 - i));
    }

    private static Decision decision(int i) {
        return new Decision(
                "d-" + i,
                decidedAt(i),
                "latency-breach-boosts-pool",
                "sha256:abc",
                Decision.Intent.EMITTED,
                List.of("fp-" + i),
                new ScalePool("ml", "pool-" + i, 2, Duration.ofMinutes(15), 8, "latency"),
                "pool:ml/pool-" + i,
                "key-" + i,
                false,
                Outcome.EXECUTED,
                "boosted",
                "4bf92f3577b34da6a3ce929d0e0e4736");
    }

    private KafkaConfig kafkaConfig() {
        KafkaConfig.Topics topics = ConfigStub.of(
                KafkaConfig.Topics.class,
                Map.of(
                        "driftEvents",
                        "odpe.drift-events",
                        "deadLetters",
                        "odpe.drift-events.dlq",
                        "decisions",
                        "odpe.decisions"));
        KafkaConfig.Restore restore = ConfigStub.of(
                KafkaConfig.Restore.class,
                Map.of("enabled", true, "window", Optional.of(Duration.ofHours(2)), "timeout", Duration.ofSeconds(30)));
        return ConfigStub.of(
                KafkaConfig.class,
                Map.of("enabled", true, "topics", topics, "groupId", "odpe-engine", "restore", restore));
    }

    /** Remembers 10; records what it was handed. */
    private static final class RecordingPlanner extends Planner {

        final List<Instant> restored = new CopyOnWriteArrayList<>();

        RecordingPlanner() {
            super(
                    ConfigStub.of(
                            PlannerConfig.class,
                            Map.of(
                                    "dryRun",
                                    true,
                                    "cooldown",
                                    Duration.ofMinutes(10),
                                    "cooldownByType",
                                    Map.of(),
                                    "idempotencyTtl",
                                    Duration.ofHours(24),
                                    "maxRemembered",
                                    MAX_REMEMBERED,
                                    "liveTypes",
                                    Optional.empty())),
                    Clock.fixed(NOW, ZoneOffset.UTC));
        }

        @Override
        public void restore(String idempotencyKey, String actionType, String target, Instant decidedAt) {
            restored.add(decidedAt);
            super.restore(idempotencyKey, actionType, target, decidedAt);
        }
    }
}
