package dev.odpe.engine.adapter.kafka;

import dev.odpe.engine.ingest.drift.DriftIngestion;
import dev.odpe.engine.ingest.drift.DriftIngestion.Admission;
import dev.odpe.engine.leader.Leadership;
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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * At start-up, after evaluation started and before live records are read, rebuilds working memory
 * from the drift events a previous run already committed within {@code odpe.kafka.replay.window}: a
 * model that drifted five minutes before a restart still correlates with a latency alert after it.
 * Replayed facts decide nothing again ({@link DriftIngestion#replay}); the live consumer then resumes at
 * the committed offsets, so no record is both replayed and consumed. With several replicas this runs when a replica
 * gains the leader lease (after the decision restore, before the consumer starts).
 */
@ApplicationScoped
public class DriftReplay {

    /** After the evaluation loop opened its queue (2500), before the live consumer subscribes (3000). */
    private static final int BETWEEN_EVALUATION_AND_CONSUMER = 2750;

    private final KafkaConfig config;
    private final DriftIngestion ingestion;
    private final Clock clock;
    private final Map<String, Object> kafka;
    private final Counter replayed;
    private final DecisionHistory history;

    @Inject
    Leadership leadership;

    public DriftReplay(
            KafkaConfig config,
            DriftIngestion ingestion,
            Clock clock,
            DecisionHistory history,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            MeterRegistry meters) {
        this.config = config;
        this.history = history;
        this.ingestion = ingestion;
        this.clock = clock;
        this.kafka = kafka;
        this.replayed = Counter.builder("odpe.kafka.drift.replayed")
                .description("Committed drift events replayed into working memory at start-up")
                .register(meters);
    }

    void start(@Observes @Priority(BETWEEN_EVALUATION_AND_CONSUMER) StartupEvent event) {
        leadership.whenGained(this::replay);
    }

    private void replay() {
        if (!config.enabled() || config.replay().window().isZero()) {
            return;
        }
        if (history.kafkaUnreachable()) {
            // Waiting a second timeout for the same silent broker would only delay the start further.
            Log.errorf(
                    "Drift events not replayed from %s: Kafka did not answer the decision restore just before; "
                            + "working memory starts empty",
                    config.topics().driftEvents());
            return;
        }
        AtomicInteger facts = new AtomicInteger();
        long deadline = System.nanoTime() + config.replay().timeout().toNanos();
        try {
            int read = new TopicWindow(
                            kafka,
                            config.groupId() + "-drift-replay",
                            config.groupId(),
                            config.replay().timeout())
                    .read(
                            config.topics().driftEvents(),
                            clock.instant().minus(config.replay().window()),
                            TopicWindow.committed(config.replay().timeout()),
                            record -> {
                                if (replay(record, deadline)) {
                                    facts.incrementAndGet();
                                }
                            });
            replayed.increment(facts.get());
            Log.infof(
                    "Replayed %d of %d drift events committed in the last %s into working memory (nothing decided "
                            + "again)",
                    facts.get(), read, config.replay().window());
        } catch (RuntimeException e) {
            Log.errorf(
                    e,
                    "Could not replay drift events from %s (%d replayed); working memory starts without the " + "rest",
                    config.topics().driftEvents(),
                    facts.get());
        }
    }

    /** True if the record became a fact; unreadable records were dead-lettered by the run that read them. */
    private boolean replay(ConsumerRecord<String, byte[]> record, long deadline) {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException unreadable) {
            return false;
        }
        while (true) {
            Admission admission =
                    ingestion.replay(event, record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
            if (!(admission instanceof Admission.Refused refused)) {
                return admission instanceof Admission.Accepted;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("evaluation did not take replayed events within "
                        + config.replay().timeout() + ": " + refused.reason());
            }
            try {
                Thread.sleep(config.offerRetry().toMillis()); // the queue is full: evaluation is catching up
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying drift events", e);
            }
        }
    }
}
