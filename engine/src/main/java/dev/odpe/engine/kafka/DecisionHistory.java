package dev.odpe.engine.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.config.KafkaConfig;
import dev.odpe.engine.execute.Outcome;
import dev.odpe.engine.plan.Planner;
import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * At start-up, before evaluation begins, reads the decisions topic back over the planner's memory
 * window and restores every action it decided to run: idempotency keys and cooldowns then survive a
 * restart, so a drift event redelivered because its offset was not yet committed (or an alert
 * Alertmanager repeats) is not acted on a second time. A failure to read is logged and counted; the
 * engine starts anyway (it cannot read drift events without Kafka either).
 */
@ApplicationScoped
public class DecisionHistory {

    /** Before the evaluation loop starts (default observer priority 2500). */
    private static final int BEFORE_EVALUATION_STARTS = 2000;
    /** Outcomes that mean the planner said EXECUTE: these are what idempotency and cooldowns remember. */
    private static final Set<Outcome> NOT_ACTED = EnumSet.of(Outcome.SUPPRESSED_COOLDOWN,
            Outcome.SUPPRESSED_DUPLICATE, Outcome.WITHDRAWN);

    /** One earlier decision the planner must remember. */
    record Remembered(String idempotencyKey, String actionType, String target, Instant decidedAt) {
    }

    private final KafkaConfig config;
    private final Planner planner;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Object> kafka;
    private final Counter restored;
    private final Counter failures;

    public DecisionHistory(KafkaConfig config, Planner planner, ObjectMapper json, Clock clock,
            @Identifier("default-kafka-broker") Map<String, Object> kafka, MeterRegistry meters) {
        this.config = config;
        this.planner = planner;
        this.json = json;
        this.clock = clock;
        this.kafka = kafka;
        this.restored = Counter.builder("odpe.kafka.decisions.restored")
                .description("Earlier decisions read back from the decisions topic at start-up").register(meters);
        this.failures = Counter.builder("odpe.kafka.decisions.restore.failures")
                .description("Start-ups that could not read the decisions topic back (see logs)").register(meters);
    }

    void restore(@Observes @Priority(BEFORE_EVALUATION_STARTS) StartupEvent event) {
        if (!config.enabled() || !config.restore().enabled()) {
            return;
        }
        Duration window = config.restore().window().orElseGet(planner::memory);
        try {
            List<Remembered> decisions = read(clock.instant().minus(window));
            decisions.sort(Comparator.comparing(Remembered::decidedAt));
            decisions.forEach(d -> planner.restore(d.idempotencyKey(), d.actionType(), d.target(), d.decidedAt()));
            restored.increment(decisions.size());
            Log.infof("Restored %d earlier decisions from topic %s (last %s): their idempotency keys and cooldowns "
                    + "hold across this restart", decisions.size(), config.topics().decisions(), window);
        } catch (RuntimeException e) {
            failures.increment();
            Log.errorf(e, "Could not read decisions back from topic %s; starting without them: an event or alert "
                    + "redelivered after this restart may be acted on again", config.topics().decisions());
        }
    }

    private List<Remembered> read(Instant since) {
        Duration timeout = config.restore().timeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
            List<TopicPartition> partitions = consumer.partitionsFor(config.topics().decisions(), timeout).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, since.toEpochMilli()));
            consumer.offsetsForTimes(times, timeout).forEach((partition, found) -> {
                if (found == null) {
                    consumer.seek(partition, end.get(partition)); // nothing that recent
                } else {
                    consumer.seek(partition, found.offset());
                }
            });
            List<Remembered> remembered = new ArrayList<>();
            while (!caughtUp(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading decisions back took longer than " + timeout
                            + " (odpe.kafka.restore.timeout)");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    parse(record).ifPresent(remembered::add);
                }
            }
            return remembered;
        }
    }

    private static boolean caughtUp(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Optional<Remembered> parse(ConsumerRecord<String, byte[]> record) {
        try {
            CloudEvent event = KafkaMessageFactory.createReader(record).toEvent();
            if (!DecisionEvents.TYPE.equals(event.getType()) || event.getData() == null) {
                return Optional.empty();
            }
            JsonNode decision = json.readTree(event.getData().toBytes());
            Outcome outcome = Outcome.valueOf(decision.path("outcome").asText());
            if (!"EMITTED".equals(decision.path("intent").asText()) || NOT_ACTED.contains(outcome)) {
                return Optional.empty();
            }
            return Optional.of(new Remembered(decision.path("idempotencyKey").asText(),
                    decision.path("action").path("type").asText(), decision.path("target").asText(),
                    Instant.parse(decision.path("time").asText())));
        } catch (Exception e) {
            Log.warnf("Skipping record %s-%d@%d on the decisions topic: not a readable decision (%s)",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> consumer = new HashMap<>(kafka);
        consumer.keySet().removeIf(key -> key.startsWith("devservices")); // Quarkus-only keys, not client properties
        consumer.put(ConsumerConfig.CLIENT_ID_CONFIG, config.groupId() + "-decision-history");
        consumer.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer.remove(ConsumerConfig.GROUP_ID_CONFIG); // assigned partitions, no group, nothing committed
        consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return consumer;
    }
}
