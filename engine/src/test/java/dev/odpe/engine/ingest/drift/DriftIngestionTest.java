package dev.odpe.engine.ingest.drift;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.engine.ingest.WebhookConfig;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Drift ingestion without Quarkus: dedupe and the fact's time, on a clock the test moves. */
class DriftIngestionTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T06:00:00Z");
    private static final Map<String, String> STRUCTURED = Map.of("content-type", "application/cloudevents+json");

    private final MutableClock clock = new MutableClock(RECEIVED);
    private final List<IngestBatch> queued = new ArrayList<>();
    private final DriftIngestion ingestion = ingestion();

    @Test
    void anEventWithoutTimePostedTwiceWithTheSameSourceAndIdIsEvaluatedOnce() {
        // Given a drift event without `time` (neither the CloudEvent's nor data.time) that was accepted
        String event = odpeWithoutTime("no-time-1");
        assertThat(ingestion.ingest(STRUCTURED, bytes(event)).accepted()).isTrue();

        // When the detector posts the same event (source, id) again a minute later
        clock.advance(Duration.ofMinutes(1));
        DriftIngestion.EventSummary again = ingestion.ingest(STRUCTURED, bytes(event));

        // Then it is a duplicate and only the first reached evaluation
        assertThat(again.duplicate()).isTrue();
        assertThat(queued).hasSize(1);
    }

    @Test
    void anEventWithoutCloudEventTimeTakesDataTimeAsItsFactsStartsAt() {
        // Given an alibi-detect result whose envelope has no `time` but whose data carries one
        String event = """
                {"specversion":"1.0","type":"io.seldon.serving.inference.drift","source":"urn:test:alibi",
                 "id":"data-time-1","namespace":"ml-serving","model":"dt-m","modelversion":"2",
                 "datacontenttype":"application/json",
                 "data":{"time":"2026-11-28T05:42:00Z","data":{"is_drift":1,"p_val":0.001,"threshold":0.05},
                         "meta":{"name":"KSDrift"}}}
                """;

        // When it is posted
        ingestion.ingest(STRUCTURED, bytes(event));

        // Then the drift fact starts at data.time, not when it was received
        assertThat(firedStartsAt()).containsExactly(Instant.parse("2026-11-28T05:42:00Z"));
    }

    @Test
    void aKafkaEventWithoutTimeStartsAtItsRecordTimestampAndKeepsItOnReplay() {
        // Given a drift event without any time, consumed from a record stamped 05:30 and evaluated
        Instant recordTimestamp = Instant.parse("2026-11-28T05:30:00Z");
        DriftEventReader reader = new DriftEventReader(new ObjectMapper(), Optional.empty(), clock);
        var event = reader.cloudEvent(STRUCTURED, bytes(odpeWithoutTime("kafka-no-time-1")));
        ingestion.admit(
                event,
                recordTimestamp,
                io.opentelemetry.context.Context.root(),
                dev.odpe.engine.evaluate.BatchCallback.NONE);

        // When a restarted engine (fresh dedupe, later clock) replays the same record
        clock.advance(Duration.ofHours(2));
        ingestion().replay(event, recordTimestamp);

        // Then both facts start at the record's timestamp
        assertThat(firedStartsAt()).containsExactly(recordTimestamp, recordTimestamp);
    }

    private List<Instant> firedStartsAt() {
        return queued.stream()
                .flatMap(b -> b.changes().stream())
                .map(c -> ((AlertChange.Fired) c).signal().startsAt())
                .toList();
    }

    private static String odpeWithoutTime(String id) {
        return """
                {"specversion":"1.0","type":"dev.odpe.drift","source":"urn:test:detector","id":"%s",
                 "datacontenttype":"application/json",
                 "data":{"namespace":"ml-serving","model":"nt-m","version":"1","score":0.9,"threshold":0.2}}
                """.formatted(id);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private DriftIngestion ingestion() {
        EvaluationQueue queue = new EvaluationQueue() {
            @Override
            public boolean offer(IngestBatch batch) {
                return queued.add(batch);
            }

            @Override
            public String refusalReason() {
                return "never refuses";
            }

            @Override
            public int depth() {
                return queued.size();
            }

            @Override
            public int capacity() {
                return Integer.MAX_VALUE;
            }
        };
        EventsConfig.Dedupe dedupe =
                ConfigStub.of(EventsConfig.Dedupe.class, Map.of("maxEntries", 100, "ttl", Duration.ofHours(26)));
        EventsConfig config =
                ConfigStub.of(EventsConfig.class, Map.of("defaultNamespace", Optional.empty(), "dedupe", dedupe));
        WebhookConfig webhook = ConfigStub.of(WebhookConfig.class, Map.of("retryAfter", Duration.ofSeconds(5)));
        return new DriftIngestion(new ObjectMapper(), config, queue, clock, webhook, new SimpleMeterRegistry());
    }
}
