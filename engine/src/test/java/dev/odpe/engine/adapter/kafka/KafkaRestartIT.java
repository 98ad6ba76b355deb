package dev.odpe.engine.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.testsupport.AlertmanagerPayloads;
import dev.odpe.testsupport.KafkaBroker;
import dev.odpe.testsupport.PackagedEngine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The packaged engine consuming a stream of drift events is killed without warning (SIGKILL: no drain,
 * no final commit), or stopped with SIGTERM, and started again. Nothing committed is evaluated into a second decision, nothing
 * uncommitted is lost, what was decided before the kill is not acted on again (the new engine restores
 * its planner from the decisions topic), and drift committed before the kill is still in working memory
 * (replayed from the drift-events topic).
 */
class KafkaRestartIT {

    private static final int EVENTS = 300;
    private static final int KILL_AFTER_DECISIONS = 100;
    private static final int RESENT = 10;
    private static final Duration PRODUCE_EVERY = Duration.ofMillis(15);
    private static final Duration WITHIN = Duration.ofSeconds(90);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(40);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anEngineKilledMidStreamNeitherLosesNorRepeatsADecisionAfterItsRestart() throws Exception {
        restartMidStream("kill", PackagedEngine::kill);
    }

    @Test
    void anEngineStoppedGracefullyMidStreamCommitsWhatItDecidedAndRestartsWithoutLossOrRepeat() throws Exception {
        Restart restart = restartMidStream(
                "stop",
                engine -> assertThat(engine.stop(STOP_WITHIN))
                        .as("the engine exits within %s of SIGTERM:%n%s", STOP_WITHIN, engine.log())
                        .isTrue());
        // and, beyond what a kill guarantees: everything decided before the stop was committed, so the new
        // engine read none of it again
        assertThat(restart.committed()).isEqualTo(restart.decidedBefore());
        assertThat(restart.redelivered()).isZero();
    }

    /** Decisions on the topic when the first engine was gone, drift records it committed, records read again. */
    private record Restart(int decidedBefore, int committed, long redelivered) {}

    /** The scenario of both tests, with its checks; returns what it counted. */
    private Restart restartMidStream(String how, java.util.function.Consumer<PackagedEngine> stopFirst)
            throws Exception {
        try (KafkaBroker broker = KafkaBroker.start()) {
            broker.createTopics(
                    3,
                    KafkaBrokerResource.DRIFT_EVENTS,
                    KafkaBrokerResource.DEAD_LETTERS,
                    KafkaBrokerResource.DECISIONS);
            Map<String, String> kafkaOn =
                    Map.of("odpe.kafka.enabled", "true", "kafka.bootstrap.servers", broker.bootstrapServers());
            Map<String, RecordMetadata> producedAt = new java.util.concurrent.ConcurrentHashMap<>();
            try (DriftRecords drift = new DriftRecords(broker.bootstrapServers(), KafkaBrokerResource.DRIFT_EVENTS);
                    TopicReader decisions = new TopicReader(broker.bootstrapServers(), KafkaBrokerResource.DECISIONS);
                    Admin admin = broker.admin()) {
                // Given an engine deciding on a steady stream of drift events, one model each
                PackagedEngine first = startEngine("first", kafkaOn);
                Thread producer = new Thread(
                        () -> IntStream.range(0, EVENTS).forEach(i -> {
                            producedAt.put(model(i), drift.structuredAt(model(i), event(i)));
                            sleep(PRODUCE_EVERY);
                        }),
                        "drift-producer");
                producer.start();
                decisions.await(
                        r -> decisions.seen().size() >= KILL_AFTER_DECISIONS,
                        WITHIN,
                        KILL_AFTER_DECISIONS + " decisions from the first engine");
                org.awaitility.Awaitility.await()
                        .atMost(WITHIN)
                        .until(() -> committed(admin).values().stream()
                                        .mapToLong(OffsetAndMetadata::offset)
                                        .sum()
                                >= KILL_AFTER_DECISIONS / 2);

                // When it is stopped (killed, or SIGTERM) mid-stream and a new engine starts while events keep coming
                stopFirst.accept(first);
                Map<TopicPartition, OffsetAndMetadata> committedAtKill = committed(admin);
                int decidedBeforeKill = decisions.drain(Duration.ofMillis(500)).size();
                Set<String> committedModels = producedAt.entrySet().stream()
                        .filter(e -> e.getValue().offset() < offset(committedAtKill, e.getValue()))
                        .map(Map.Entry::getKey)
                        .collect(Collectors.toSet());
                List<String> resent =
                        committedModels.stream().sorted().limit(RESENT).toList();
                try (PackagedEngine second = startEngine("second", kafkaOn)) {
                    producer.join(WITHIN.toMillis());
                    decisions.await(
                            r -> actedModels(decisions.seen()).size() == EVENTS,
                            WITHIN,
                            "a decision for each of the " + EVENTS + " models");
                    // and a detector re-sends some events the first engine had already committed
                    resent.forEach(m -> drift.structuredAt(m, event(Integer.parseInt(m.substring(1)))));
                    awaitNoLag(admin, broker);
                    List<ConsumerRecord<String, byte[]>> all = decisions.drain(Duration.ofSeconds(2));

                    // Then every event was acted on exactly once: none lost, none twice
                    Map<String, Long> acted = all.stream()
                            .filter(r -> "DRY_RUN".equals(outcome(r)))
                            .collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
                    assertThat(acted)
                            .hasSize(EVENTS)
                            .allSatisfy((target, count) -> assertThat(count)
                                    .as("acted-on decisions for %s", target)
                                    .isEqualTo(1L));
                    // and no event whose offset was committed before the kill was evaluated again
                    Map<String, Long> perTarget =
                            all.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
                    committedModels.forEach(m -> assertThat(perTarget.get(target(m)))
                            .as("decisions for committed %s", m)
                            .isEqualTo(1L));
                    assertThat(resent).as("records committed before the kill").hasSize(RESENT);
                    // and it recognised the re-sent ones as duplicates: the replay remembered their (source, id).
                    // (Evaluating them again would decide nothing new either, so only the counter shows it.)
                    org.awaitility.Awaitility.await()
                            .atMost(WITHIN)
                            .untilAsserted(() -> assertThat(receivedDuplicates(second))
                                    .as("drift events the second engine counted as duplicates")
                                    .isEqualTo(RESENT));
                    // and the new engine rebuilt its state from Kafka: planner memory and working memory
                    assertThat(count(second.log(), "Restored (\\d+) earlier decisions"))
                            .isGreaterThanOrEqualTo(decidedBeforeKill);
                    assertThat(count(second.log(), "Replayed (\\d+) of")).isEqualTo(committedModels.size());
                    // and a drift committed before the kill still correlates with a latency alert after it
                    String drifted = committedModels.stream()
                            .filter(m -> !resent.contains(m))
                            .sorted()
                            .findFirst()
                            .orElseThrow();
                    postLatencyAlert(second, drifted);
                    decisions.await(
                            r -> target(drifted).equals(r.key()) && "RollbackModel".equals(actionType(r)),
                            WITHIN,
                            "RollbackModel for " + drifted + " after the restart");
                    long redelivered = all.stream()
                            .filter(r -> "SUPPRESSED_DUPLICATE".equals(outcome(r)))
                            .count();
                    System.out.printf(
                            "restart after %s: %d decided before it, %d committed, %d redelivered as "
                                    + "suppressed duplicates%n",
                            how, decidedBeforeKill, committedModels.size(), redelivered);
                    return new Restart(decidedBeforeKill, committedModels.size(), redelivered);
                }
            }
        }
    }

    /** The packaged engine (built by {@code mvn verify} before failsafe runs), its console as plain text in a log file. */
    private static PackagedEngine startEngine(String name, Map<String, String> kafkaOn) {
        return PackagedEngine.launch(PackagedEngine.ENGINE_MODULE_JAR)
                .name(name)
                .jvmOptions(List.of("-Xmx512m"))
                .properties(Map.of("quarkus.log.console.json.enabled", "false", "quarkus.otel.traces.exporter", "none"))
                .properties(kafkaOn)
                .start();
    }

    private static void postLatencyAlert(PackagedEngine engine, String model) throws Exception {
        String body = AlertmanagerPayloads.firing(
                "aaaa000000000" + model.substring(1),
                "2026-11-28T04:48:00Z",
                Map.of(
                        "alertname",
                        "TritonP99LatencyHigh",
                        "signal",
                        "latency",
                        "namespace",
                        "ml-serving",
                        "model",
                        model,
                        "version",
                        "1",
                        "severity",
                        "page"));
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(engine.baseUri().resolve("/api/v1/alerts/alertmanager"))
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static double receivedDuplicates(PackagedEngine engine) throws Exception {
        String metrics = java.net.http.HttpClient.newHttpClient()
                .send(
                        java.net.http.HttpRequest.newBuilder(engine.baseUri().resolve("/q/metrics"))
                                .build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString())
                .body();
        String sample = "odpe_events_received_total{outcome=\"duplicate\"} ";
        return metrics.lines()
                .filter(line -> line.startsWith(sample))
                .mapToDouble(line -> Double.parseDouble(line.split(" ")[1]))
                .sum();
    }

    private static int count(String log, String pattern) {
        java.util.regex.Matcher found = java.util.regex.Pattern.compile(pattern).matcher(log);
        assertThat(found.find()).as("log line /%s/ in:%n%s", pattern, log).isTrue();
        return Integer.parseInt(found.group(1));
    }

    private static String actionType(ConsumerRecord<String, byte[]> record) {
        try {
            return JSON.readTree(record.value()).path("action").path("type").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin) throws Exception {
        return admin.listConsumerGroupOffsets("odpe-engine")
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
    }

    private static long offset(Map<TopicPartition, OffsetAndMetadata> committed, RecordMetadata produced) {
        OffsetAndMetadata at = committed.get(new TopicPartition(produced.topic(), produced.partition()));
        return at == null ? 0 : at.offset();
    }

    private static void awaitNoLag(Admin admin, KafkaBroker broker) {
        org.awaitility.Awaitility.await()
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    Map<TopicPartition, OffsetAndMetadata> committed = committed(admin);
                    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
                    for (int p = 0; p < 3; p++) {
                        latest.put(
                                new TopicPartition(KafkaBrokerResource.DRIFT_EVENTS, p),
                                org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }
                    return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet().stream()
                            .allMatch(end -> {
                                OffsetAndMetadata at = committed.get(end.getKey());
                                return at != null
                                        && at.offset() >= end.getValue().offset();
                            });
                });
    }

    private static Set<String> actedModels(List<ConsumerRecord<String, byte[]>> decisions) {
        return decisions.stream()
                .filter(r -> "DRY_RUN".equals(outcome(r)))
                .map(ConsumerRecord::key)
                .collect(Collectors.toSet());
    }

    private static String outcome(ConsumerRecord<String, byte[]> record) {
        try {
            JsonNode decision = JSON.readTree(record.value());
            return decision.path("outcome").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String event(int i) {
        return DriftRecords.odpe("restart-" + i, model(i), "1", 0.9);
    }

    private static String model(int i) {
        return "r%03d".formatted(i);
    }

    private static String target(String model) {
        return "model:ml-serving/" + model;
    }

    private static String modelOf(String target) {
        return target.substring(target.lastIndexOf('/') + 1);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
