package dev.odpe.engine.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.evaluate.BatchCallback;
import dev.odpe.engine.ingest.drift.DriftIngestion;
import dev.odpe.engine.ingest.drift.EventsConfig;
import dev.odpe.engine.leader.LeadershipState;
import dev.odpe.engine.testing.ConfigStub;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Multi;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

/** The max-unacknowledged permits of drift records, without a broker: the records are made in memory. */
class KafkaDriftPermitsTest {

    private static final int MAX_UNACKNOWLEDGED = 5;

    @Test
    void givenIngestThatThrowsForEveryRecordWhenMoreRecordsThanPermitsArriveThenAllAreDeadLetteredAndNoPermitIsHeld() {
        // Given ingest fails with a bug for every record, and 5 records may be unacknowledged at once
        AtomicInteger deadLettered = new AtomicInteger();
        KafkaDriftEvents drift =
                new KafkaDriftEvents(kafkaConfig(), new ThrowingIngestion(), new SimpleMeterRegistry());

        // When 20 records arrive
        drift.records = Multi.createFrom().range(0, 20).map(i -> record(i, deadLettered));
        drift.leadership = LeadershipState.sole("engine", Clock.systemUTC(), new SimpleMeterRegistry());
        drift.start(null);

        // Then every one was dead-lettered (none stalled behind a leaked permit) and no permit is held
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLettered.get() == 20);
        assertThat(drift.pending()).isZero();
    }

    private static Message<byte[]> record(int i, AtomicInteger deadLettered) {
        String event = "{\"specversion\":\"1.0\",\"id\":\"e-" + i + "\",\"source\":\"urn:test\",\"type\":\"x\","
                + "\"datacontenttype\":\"application/json\",\"data\":{}}";
        ConsumerRecord<String, byte[]> consumed =
                new ConsumerRecord<>("odpe.drift-events", 0, i, null, event.getBytes(StandardCharsets.UTF_8));
        consumed.headers().add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
        return Message.of(consumed.value(), Metadata.of(new IncomingKafkaRecordMetadata<>(consumed, "drift-events")))
                .withNack(error -> {
                    deadLettered.incrementAndGet();
                    return CompletableFuture.completedFuture(null);
                });
    }

    private static KafkaConfig kafkaConfig() {
        KafkaConfig.Topics topics = ConfigStub.of(
                KafkaConfig.Topics.class,
                Map.of(
                        "driftEvents",
                        "odpe.drift-events",
                        "deadLetters",
                        "odpe.drift-events.dlq",
                        "decisions",
                        "odpe.decisions"));
        return ConfigStub.of(
                KafkaConfig.class,
                Map.of(
                        "enabled",
                        true,
                        "topics",
                        topics,
                        "groupId",
                        "odpe-engine",
                        "maxUnacknowledged",
                        MAX_UNACKNOWLEDGED,
                        "offerRetry",
                        Duration.ofMillis(10)));
    }

    /** Drift ingestion with a bug: admitting throws. */
    private static final class ThrowingIngestion extends DriftIngestion {

        ThrowingIngestion() {
            super(
                    new ObjectMapper(),
                    ConfigStub.of(
                            EventsConfig.class,
                            Map.of(
                                    "defaultNamespace",
                                    Optional.empty(),
                                    "dedupe",
                                    ConfigStub.of(
                                            EventsConfig.Dedupe.class,
                                            Map.of("maxEntries", 10, "ttl", Duration.ofHours(1))))),
                    null,
                    Clock.systemUTC(),
                    null,
                    new SimpleMeterRegistry());
        }

        @Override
        public DriftIngestion.Admission admit(CloudEvent event, Context trace, BatchCallback callback) {
            throw new IllegalStateException("a bug in ingest");
        }
    }
}
