package dev.odpe.engine.adapter.kafka;

import static dev.odpe.engine.adapter.kafka.TopicReader.header;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drift events over a real Kafka broker (KRaft, in the test JVM) through the default pack, dry-run:
 * every payload shape on the drift-events topic, decisions on the decisions topic as CloudEvents keyed by
 * target, poison records to the dead-letter topic without blocking their partition, redeliveries ignored,
 * offsets committed once evaluated. Each test uses its own models.
 */
@QuarkusTest
@WithTestResource(KafkaBrokerResource.class)
class KafkaDriftEventsTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    KafkaDriftEvents consumer;

    private DriftRecords drift;
    private TopicReader decisions;

    @BeforeEach
    void connect() {
        String servers = KafkaBrokerResource.broker().bootstrapServers();
        drift = new DriftRecords(servers, KafkaBrokerResource.DRIFT_EVENTS);
        decisions = new TopicReader(servers, KafkaBrokerResource.DECISIONS);
    }

    @AfterEach
    void disconnect() {
        drift.close();
        decisions.close();
    }

    @Test
    void odpesOwnStructuredEventBecomesADriftNotificationOnTheDecisionsTopic() {
        // When the example ODPE event (structured mode) is produced for model k-odpe
        drift.structured(
                "k-odpe",
                DriftRecords.example("drift-odpe.json").replace("\"model\": \"bert\"", "\"model\": \"k-odpe\""));

        // Then a Notify decision for that model is published as a dev.odpe.decision CloudEvent keyed by target
        ConsumerRecord<String, byte[]> record =
                decisions.await(action("model:ml-serving/k-odpe", "Notify"), WITHIN, "Notify for k-odpe");
        assertThat(record.key()).isEqualTo("model:ml-serving/k-odpe");
        assertThat(header(record, "ce_type")).isEqualTo("dev.odpe.decision");
        assertThat(header(record, "ce_subject")).isEqualTo("model:ml-serving/k-odpe");
        assertThat(header(record, "ce_id")).isEqualTo(json(record).path("id").asText());
        assertThat(header(record, "ce_traceparent"))
                .matches("00-" + json(record).path("traceId").asText() + "-[0-9a-f]{16}-0[01]");
    }

    @Test
    void alibiDetectInBinaryModeTakesModelAndVersionFromItsHeaders() {
        // When alibi-detect's example result is produced in binary mode with ce_* headers, for model k-alibi
        drift.binary(
                "k-alibi",
                DriftRecords.kafkaHeaders(
                        "drift-alibi-detect.headers", Map.of("ce_model", "k-alibi", "ce_id", "k-alibi-1")),
                DriftRecords.example("drift-alibi-detect.json"));

        // Then its drift is notified for that model
        JsonNode decision =
                json(decisions.await(action("model:ml-serving/k-alibi", "Notify"), WITHIN, "Notify for k-alibi"));
        assertThat(decision.path("causes").toString()).contains("drift:ml-serving/k-alibi/8/KSDrift");
    }

    @Test
    void aDetectorsTraceContinuesIntoTheDecision() {
        // Given a detector that traces its work: a W3C traceparent header on its binary-mode record
        String trace = "0af7651916cd43dd8448eb211c80319c";
        Map<String, String> headers = new java.util.HashMap<>(DriftRecords.kafkaHeaders(
                "drift-alibi-detect.headers", Map.of("ce_model", "k-traced", "ce_id", "k-traced-1")));
        headers.put("traceparent", "00-" + trace + "-b7ad6b7169203331-01");

        // When the record is consumed and decided on
        drift.binary("k-traced", headers, DriftRecords.example("drift-alibi-detect.json"));

        // Then the decision belongs to the detector's trace
        JsonNode decision =
                json(decisions.await(action("model:ml-serving/k-traced", "Notify"), WITHIN, "Notify for k-traced"));
        assertThat(decision.path("traceId").asText()).isEqualTo(trace);
    }

    @Test
    void aStructuredEventsTraceparentExtensionContinuesIntoTheDecision() {
        // Given a structured event carrying the CloudEvents distributed-tracing extension, no Kafka header
        String trace = "1bf7651916cd43dd8448eb211c80319d";
        String event = DriftRecords.odpe("k-ext-1", "k-ext", "1", 0.9)
                .replace(
                        "\"specversion\":\"1.0\",",
                        "\"specversion\":\"1.0\",\"traceparent\":\"00-" + trace + "-c7ad6b7169203331-01\",");

        // When the record is consumed and decided on
        drift.structured("k-ext", event);

        // Then the decision belongs to that trace
        JsonNode decision =
                json(decisions.await(action("model:ml-serving/k-ext", "Notify"), WITHIN, "Notify for k-ext"));
        assertThat(decision.path("traceId").asText()).isEqualTo(trace);
    }

    @Test
    void anEvidentlyDriftSummaryIsRead() {
        // When Evidently's example summary is produced for model k-evid
        drift.structured(
                "k-evid",
                DriftRecords.example("drift-evidently.json").replace("\"model\": \"bert\"", "\"model\": \"k-evid\""));

        // Then its drift is notified
        decisions.await(action("model:ml-serving/k-evid", "Notify"), WITHIN, "Notify for k-evid");
    }

    @Test
    void driftAndALatencyAlertWithinTheWindowPublishRollbackModel() {
        // Given a latency alert for k-corr version 3, started 04:48, over the webhook
        given().contentType("application/json")
                .body(AlertmanagerPayloads.firing(
                        "kkkk000000000001",
                        "2026-11-28T04:48:00Z",
                        Map.of(
                                "alertname",
                                "TritonP99LatencyHigh",
                                "signal",
                                "latency",
                                "namespace",
                                "ml-serving",
                                "model",
                                "k-corr",
                                "version",
                                "3",
                                "severity",
                                "page")))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // When drift for the same version at 04:50 arrives on the drift-events topic
        drift.structured("k-corr", DriftRecords.odpe("k-corr-1", "k-corr", "3", 0.4));

        // Then RollbackModel away from version 3 is on the decisions topic, keyed by the model
        ConsumerRecord<String, byte[]> record =
                decisions.await(action("model:ml-serving/k-corr", "RollbackModel"), WITHIN, "RollbackModel for k-corr");
        assertThat(record.key()).isEqualTo("model:ml-serving/k-corr");
        assertThat(json(record).path("action").path("badVersion").asText()).isEqualTo("3");
        assertThat(json(record).path("action").path("reason").asText()).isEqualTo("drift+latency");
    }

    @Test
    void aPoisonRecordGoesToTheDeadLetterTopicWithItsReasonAndTheNextRecordIsStillProcessed() {
        // Given a record that is not a CloudEvent, on the same partition (same key) as a good one after it
        try (TopicReader deadLetters =
                new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), KafkaBrokerResource.DEAD_LETTERS)) {
            drift.raw("k-poison", "this is not a cloud event");

            // When a good event follows it
            drift.structured("k-poison", DriftRecords.odpe("k-poison-1", "k-poison", "1", 0.9));

            // Then the good one is decided on, and the poison is a dead letter saying why
            decisions.await(action("model:ml-serving/k-poison", "Notify"), WITHIN, "Notify for k-poison");
            ConsumerRecord<String, byte[]> dead =
                    deadLetters.await(r -> "k-poison".equals(r.key()), WITHIN, "dead letter for k-poison");
            assertThat(TopicReader.value(dead)).isEqualTo("this is not a cloud event");
            assertThat(header(dead, KafkaDriftEvents.REASON_HEADER)).isEqualTo("NOT_A_CLOUDEVENT");
            assertThat(header(dead, "dead-letter-reason")).contains("not a valid CloudEvent");
            assertThat(header(dead, "dead-letter-topic")).isEqualTo(KafkaBrokerResource.DRIFT_EVENTS);
        }
    }

    @Test
    void aCloudEventWithABadTimeIsADeadLetterNamingTheTimeAttribute() {
        // Given ODPE's own event whose CloudEvent time is not a timestamp, in structured and in binary mode
        try (TopicReader deadLetters =
                new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), KafkaBrokerResource.DEAD_LETTERS)) {
            drift.structured(
                    "k-badtime-s",
                    DriftRecords.odpe("k-badtime-s-1", "k-badtime-s", "1", 0.9)
                            .replaceFirst("\"time\":\"2026-11-28T04:50:00Z\"", "\"time\":\"yesterday\""));
            drift.binary(
                    "k-badtime-b",
                    DriftRecords.kafkaHeaders(
                            "drift-alibi-detect.headers",
                            Map.of("ce_model", "k-badtime-b", "ce_id", "k-badtime-b-1", "ce_time", "28/11/2026")),
                    DriftRecords.example("drift-alibi-detect.json"));

            // Then each is a dead letter whose reason says the CloudEvent is invalid and names its time
            for (String key : List.of("k-badtime-s", "k-badtime-b")) {
                ConsumerRecord<String, byte[]> dead =
                        deadLetters.await(r -> key.equals(r.key()), WITHIN, "dead letter for " + key);
                assertThat(header(dead, KafkaDriftEvents.REASON_HEADER)).isEqualTo("NOT_A_CLOUDEVENT");
                assertThat(header(dead, "dead-letter-reason"))
                        .contains("not a valid CloudEvent")
                        .contains("time")
                        .doesNotContain("Exception", "\tat ");
            }
        }
    }

    @Test
    void aRedeliveredEventIsNotEvaluatedTwice() {
        // Given a drift event for k-dup that was decided on
        String event = DriftRecords.odpe("k-dup-1", "k-dup", "1", 0.9);
        drift.structured("k-dup", event);
        decisions.await(action("model:ml-serving/k-dup", "Notify"), WITHIN, "Notify for k-dup");
        double duplicatesBefore = received("duplicate");

        // When the same CloudEvent (source, id) is produced again, followed by a marker event
        drift.structured("k-dup", event);
        drift.structured("k-dup", DriftRecords.odpe("k-dup-marker", "k-dup-marker", "1", 0.9));

        // Then, once the marker is decided, the redelivery was counted as a duplicate (re-evaluating the same
        // fact would decide nothing either, so the decisions alone cannot show it) and k-dup has one decision
        decisions.await(action("model:ml-serving/k-dup-marker", "Notify"), WITHIN, "Notify for the marker");
        assertThat(received("duplicate")).isEqualTo(duplicatesBefore + 1);
        assertThat(decisions.seen())
                .filteredOn(r -> "model:ml-serving/k-dup".equals(r.key()))
                .hasSize(1);
    }

    @Test
    void theGroupCommitsEveryEvaluatedRecord() throws Exception {
        // Given an event that was decided on
        drift.structured("k-commit", DriftRecords.odpe("k-commit-1", "k-commit", "1", 0.9));
        decisions.await(action("model:ml-serving/k-commit", "Notify"), WITHIN, "Notify for k-commit");

        // When the engine's throttled commits catch up
        // Then the group's committed offsets reach the end of every partition of the drift-events topic
        try (Admin admin = KafkaBrokerResource.broker().admin()) {
            org.awaitility.Awaitility.await()
                    .atMost(WITHIN)
                    .untilAsserted(() -> assertThat(lag(admin)).isZero());
        }
    }

    @Test
    void aBurstLargerThanMayAwaitPublicationIsReadAtThePaceOfTheDecisionsTopicAndEveryEventIsDecided() {
        // Given at most MAX_UNACKNOWLEDGED (2) records may await their decisions' publication
        double pausesBefore = metric("odpe_kafka_drift_pauses_total");

        // When 30 drift events for 30 models arrive at once on one partition
        List<String> events = IntStream.range(0, 30)
                .mapToObj(i -> DriftRecords.odpe("k-burst-" + i, "k-burst-" + i, "1", 0.9))
                .toList();
        drift.burst("k-burst", events);

        // Then every model gets its Notify, and reading waited for publication on the way
        for (int i = 0; i < 30; i++) {
            decisions.await(action("model:ml-serving/k-burst-" + i, "Notify"), WITHIN, "Notify for k-burst-" + i);
        }
        assertThat(metric("odpe_kafka_drift_pauses_total")).isGreaterThan(pausesBefore);
        // (the bean, not the odpe_kafka_drift_pending gauge: the test JVM's meter registry outlives engines,
        // so a gauge name first registered by an earlier engine keeps pointing at that engine's object)
        org.awaitility.Awaitility.await()
                .atMost(WITHIN)
                .untilAsserted(() -> assertThat(consumer.pending()).isZero());
    }

    @Test
    void theInputJournalIsPublishedOnTheInputsTopicUnderOneKey() {
        // When a drift event for model k-journal is produced
        drift.structured("k-journal", DriftRecords.odpe("k-journal-1", "k-journal", "8", 0.9));

        // Then its drift fact is on the inputs topic as an odpe.input/1 record, keyed by the engine
        try (TopicReader inputs =
                new TopicReader(KafkaBrokerResource.broker().bootstrapServers(), KafkaBrokerResource.INPUTS)) {
            ConsumerRecord<String, byte[]> record = inputs.await(
                    r -> new String(r.value(), StandardCharsets.UTF_8).contains("\"model\":\"k-journal\""),
                    WITHIN,
                    "journal record of k-journal's drift fact");
            assertThat(record.key()).isEqualTo("urn:odpe:engine");
            assertThat(json(record).path("schema").asText()).isEqualTo("odpe.input/1");
            assertThat(json(record).path("kind").asText()).isEqualTo("fired");
            assertThat(json(record).path("alert").path("signal").asText()).isEqualTo("drift");
        }
    }

    @Test
    void readinessReportsBothKafkaChannels() {
        // When readiness is asked with Kafka on
        String health = given().get("/q/health/ready").then().extract().asString();

        // Then SmallRye's messaging check is part of it and both channels are up
        assertThat(health)
                .contains("SmallRye Reactive Messaging")
                .contains("drift-events")
                .contains("decisions");
        given().get("/q/health/ready").then().statusCode(200);
    }

    private static double metric(String name) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + name + " on /q/metrics"));
    }

    /** {@code odpe_events_received_total} for one outcome; 0 before the first such event. */
    private static double received(String outcome) {
        String sample = "odpe_events_received_total{outcome=\"" + outcome + "\"}";
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(line -> line.startsWith(sample + " "))
                .mapToDouble(line -> Double.parseDouble(line.split(" ")[1]))
                .sum();
    }

    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("odpe-engine")
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        for (int p = 0; p < 3; p++) {
            latest.put(new TopicPartition(KafkaBrokerResource.DRIFT_EVENTS, p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            lag += end.getValue().offset() - (at == null ? 0 : at.offset());
        }
        return lag;
    }

    private static Predicate<ConsumerRecord<String, byte[]>> action(String target, String type) {
        return record -> target.equals(record.key())
                && type.equals(json(record).path("action").path("type").asText());
    }

    private static JsonNode json(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
