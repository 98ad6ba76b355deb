package dev.odpe.engine.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.leader.Leadership;
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
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * At start-up, before evaluation begins, reads the decisions topic back over the planner's memory
 * window and restores every action it decided to run: idempotency keys and cooldowns then survive a
 * restart, so a drift event redelivered because its offset was not yet committed (or an alert
 * Alertmanager repeats) is not acted on a second time. A failure to read is logged and counted; the
 * engine starts anyway (it cannot read drift events without Kafka either). With several replicas this runs when a
 * replica gains the leader lease, before it acts: what the previous leader decided is read then, not at start-up.
 */
@ApplicationScoped
public class DecisionHistory {

    /** Before the evaluation loop starts (default observer priority 2500). */
    private static final int BEFORE_EVALUATION_STARTS = 2000;
    /** Outcomes that mean the planner said EXECUTE: these are what idempotency and cooldowns remember. */
    private static final Set<Outcome> NOT_ACTED =
            EnumSet.of(Outcome.SUPPRESSED_COOLDOWN, Outcome.SUPPRESSED_DUPLICATE, Outcome.WITHDRAWN);

    /** One earlier decision the planner must remember. */
    record Remembered(String idempotencyKey, String actionType, String target, Instant decidedAt) {}

    private final KafkaConfig config;
    private final Planner planner;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Object> kafka;
    private final Counter restored;
    private final Counter failures;
    private volatile boolean kafkaUnreachable;

    @Inject
    Leadership leadership;

    public DecisionHistory(
            KafkaConfig config,
            Planner planner,
            ObjectMapper json,
            Clock clock,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MeterRegistry meters) {
        this.config = config;
        this.planner = planner;
        this.json = json;
        this.clock = clock;
        this.kafka = kafka;
        this.restored = Counter.builder("odpe.kafka.decisions.restored")
                .description("Earlier decisions read back from the decisions topic at start-up")
                .register(meters);
        this.failures = Counter.builder("odpe.kafka.decisions.restore.failures")
                .description("Start-ups that could not read the decisions topic back (see logs)")
                .register(meters);
    }

    void start(@Observes @Priority(BEFORE_EVALUATION_STARTS) StartupEvent event) {
        leadership.whenGained(this::restore);
    }

    void restore() {
        if (!config.enabled() || !config.restore().enabled()) {
            return;
        }
        Duration window = config.restore().window().orElseGet(planner::memory);
        try {
            List<Remembered> decisions = read(clock.instant().minus(window));
            decisions.sort(Comparator.comparing(Remembered::decidedAt));
            decisions.forEach(d -> planner.restore(d.idempotencyKey(), d.actionType(), d.target(), d.decidedAt()));
            restored.increment(decisions.size());
            Log.infof(
                    "Restored %d earlier decisions from topic %s (last %s): their idempotency keys and cooldowns "
                            + "hold across this restart",
                    decisions.size(), config.topics().decisions(), window);
        } catch (RuntimeException e) {
            failures.increment();
            kafkaUnreachable = isTimeout(e);
            Log.errorf(
                    e,
                    "Could not read decisions back from topic %s; starting without them: an event or alert "
                            + "redelivered after this restart may be acted on again",
                    config.topics().decisions());
        }
    }

    /** True when the restore at start-up gave up because Kafka did not answer: later start-up reads need not wait too. */
    boolean kafkaUnreachable() {
        return kafkaUnreachable;
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    /**
     * The newest decisions of the window, at most as many as the planner remembers: the older ones it
     * would forget at once, so they are dropped while reading and never all held in memory together.
     */
    private List<Remembered> read(Instant since) {
        Duration timeout = config.restore().timeout();
        int bound = planner.maxRemembered();
        PriorityQueue<Remembered> newest = new PriorityQueue<>(Comparator.comparing(Remembered::decidedAt));
        new TopicWindow(kafka, config.groupId() + "-decision-history", null, timeout)
                .read(
                        config.topics().decisions(),
                        since,
                        TopicWindow.endOffsets(timeout),
                        record -> parse(record).ifPresent(decision -> {
                            newest.add(decision);
                            if (newest.size() > bound) {
                                newest.poll(); // the oldest
                            }
                        }));
        return new ArrayList<>(newest);
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
            return Optional.of(new Remembered(
                    decision.path("idempotencyKey").asText(),
                    decision.path("action").path("type").asText(),
                    decision.path("target").asText(),
                    Instant.parse(decision.path("time").asText())));
        } catch (Exception e) {
            Log.warnf(
                    "Skipping record %s-%d@%d on the decisions topic: not a readable decision (%s)",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.empty();
        }
    }
}
