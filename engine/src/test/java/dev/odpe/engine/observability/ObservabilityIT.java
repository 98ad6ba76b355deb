package dev.odpe.engine.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.GetMetricsRequest;
import dev.odpe.externalscaler.ScaledObjectRef;
import dev.odpe.testsupport.Alertmanager;
import dev.odpe.testsupport.FreePort;
import dev.odpe.testsupport.KafkaBroker;
import dev.odpe.testsupport.PackagedEngine;
import dev.odpe.testsupport.Prometheus;
import dev.odpe.testsupport.TestAlert;
import dev.odpe.testsupport.WebhookReceiver;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The dashboard and the alerts of {@code k8s/observability/} against what a real engine exports: the
 * packaged engine with Kafka (in-JVM broker), Alertmanager resync (a real Alertmanager that also sends
 * the webhooks) and Prometheus signals (a real Prometheus that also scrapes the engine's
 * {@code /q/metrics}) runs a scripted scenario — a latency breach that boosts a pool, an errors breach that
 * rolls a model back and a second one held by the cooldown, a resolve, a drift event and a poison record
 * on Kafka, KEDA asking for the pool's replicas — then every PromQL expression of the dashboard and of
 * the PrometheusRule goes to Prometheus' HTTP API. An invalid expression fails the test; so does a panel
 * query that answers nothing although the scenario produced its metrics. Queries whose metrics this
 * engine cannot produce yet are listed in {@link #NOT_PRODUCED_YET} with the reason; one of them that
 * starts answering fails the test too, so the list stays true.
 */
class ObservabilityIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);
    private static final String NAMESPACE = "ml-serving";
    private static final String POOL = "triton-a100";

    /** "panel title / refId" -> why the scenario cannot produce it. */
    static final Map<String, String> NOT_PRODUCED_YET = Map.of(
            "Rollback outcomes, retries and escalations / A",
            "odpe_rollbacks_total counts how a live Argo CD rollback ended; the scenario's rollbacks are dry-run",
            "Rollback outcomes, retries and escalations / C",
            "odpe_rollback_escalations_total{rule} counts escalations, registered per rule when the first is"
                    + " submitted; the scenario's rollbacks are dry-run and never give up");

    @Test
    void everyDashboardQueryAndAlertExpressionRunsOnPrometheusAndEveryPanelShowsTheScenario() throws Exception {
        List<PanelQuery> panels = Dashboard.load().queries();
        List<AlertRules.Rule> alerts = AlertRules.load().rules();
        assertThat(panels).hasSizeGreaterThan(20);
        int enginePort = FreePort.pick();
        try (KafkaBroker broker = KafkaBroker.start();
                Alertmanager alertmanager = Alertmanager.start(WebhookReceiver.unauthenticated(
                        URI.create("http://127.0.0.1:" + enginePort + "/api/v1/alerts/alertmanager")));
                Prometheus prometheus = Prometheus.scraping("odpe-engine", "127.0.0.1:" + enginePort, "/q/metrics")) {
            broker.createTopics(1, "odpe.drift-events", "odpe.drift-events.dlq", "odpe.decisions", "odpe.inputs");
            // Given an engine with every feature the dashboard shows switched on
            try (PackagedEngine engine = PackagedEngine.launch(PackagedEngine.ENGINE_MODULE_JAR)
                    .name("observability")
                    .httpPort(enginePort)
                    .properties(Map.of(
                            "odpe.kafka.enabled", "true",
                            "kafka.bootstrap.servers", broker.bootstrapServers(),
                            "odpe.alertmanager.urls", alertmanager.baseUri().toString(),
                            "odpe.alertmanager.resync-interval", "2s",
                            "odpe.scaler.prometheus.url", prometheus.baseUri().toString(),
                            "odpe.scaler.prometheus.refresh-interval", "1s",
                            "odpe.planner.live-types", "ScalePool",
                            // live outside a cluster: the in-memory remediation ledger, asked for by name
                            "odpe.ledger", "memory"))
                    .start()) {
                // When the scenario runs
                runScenario(engine, alertmanager, broker);
                awaitScraped(prometheus, engine);

                // Then every expression is valid, and every panel query the scenario feeds answers something
                // (awaited: a rate() panel needs two scrapes of its counter after the scenario)
                await("every panel answers as the scenario says")
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> assertThat(problems(prometheus, panels, alerts))
                                .as("dashboard and alert expressions against the scenario's metrics%n%s", engine.log())
                                .isEmpty());
                assertThat(NOT_PRODUCED_YET.keySet())
                        .as("every listed exception names a panel query of the dashboard")
                        .isSubsetOf(panels.stream().map(PanelQuery::key).toList());
            }
        }
    }

    /** Fires, rolls back, suppresses, resolves, drifts, dead-letters and scales. */
    private static List<String> problems(Prometheus prometheus, List<PanelQuery> panels, List<AlertRules.Rule> alerts)
            throws Exception {
        List<String> problems = new ArrayList<>();
        for (PanelQuery panel : panels) {
            JsonNode answer = prometheus.instantQuery(panel.promql());
            String why = NOT_PRODUCED_YET.get(panel.key());
            if (!"success".equals(answer.path("status").asText())) {
                problems.add("invalid: " + panel + ": " + answer.path("error").asText());
            } else if (why == null && answer.path("data").path("result").isEmpty()) {
                problems.add("no data although the scenario produced it: " + panel);
            } else if (why != null && !answer.path("data").path("result").isEmpty()) {
                problems.add("answers now, remove it from NOT_PRODUCED_YET (" + why + "): " + panel);
            }
        }
        for (AlertRules.Rule alert : alerts) {
            JsonNode answer = prometheus.instantQuery(alert.expr());
            if (!"success".equals(answer.path("status").asText())) {
                problems.add("invalid alert " + alert.name() + ": "
                        + answer.path("error").asText());
            }
        }
        return problems;
    }

    private static void runScenario(PackagedEngine engine, Alertmanager alertmanager, KafkaBroker broker) {
        Instant startsAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        TestAlert latency = TestAlert.latencyBreach(NAMESPACE, POOL, startsAt);
        alertmanager.post(latency, errorsBreach("8", startsAt));
        Decisions.awaitDecision(engine, "target=pool:" + NAMESPACE + "/" + POOL, "EXECUTED", WITHIN);
        Decisions.awaitDecision(engine, "target=model:" + NAMESPACE + "/bert", "DRY_RUN", WITHIN);
        // the same model's next version breaching within the cooldown: held by the safety rail
        alertmanager.post(errorsBreach("9", startsAt));
        Decisions.awaitDecision(engine, "target=model:" + NAMESPACE + "/bert", "SUPPRESSED_COOLDOWN", WITHIN);
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            RecordHeaders structured = new RecordHeaders();
            structured.add("content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
            producer.send(new ProducerRecord<>("odpe.drift-events", null, "poison", bytes("not a cloud event")));
            producer.send(new ProducerRecord<>("odpe.drift-events", null, "bert", bytes(drift()), structured));
        }
        Decisions.awaitMetric(engine, "odpe_kafka_drift_dead_lettered_total", 1, WITHIN);
        Decisions.awaitMetric(engine, "odpe_events_received_total", 1, WITHIN);
        awaitReplicas(engine);
        alertmanager.post(latency.resolvedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS)));
        Decisions.awaitDecision(engine, "target=pool:" + NAMESPACE + "/" + POOL, "WITHDRAWN", WITHIN);
        Decisions.awaitMetric(engine, "odpe_alertmanager_resync_duration_seconds_count", 2, WITHIN);
    }

    private static TestAlert errorsBreach(String version, Instant startsAt) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", "TritonErrorRateHigh");
        labels.put("signal", "errors");
        labels.put("namespace", NAMESPACE);
        labels.put("pool", POOL);
        labels.put("model", "bert");
        labels.put("version", version);
        labels.put("severity", "page");
        return new TestAlert(
                labels, Map.of("summary", "error rate above SLO"), startsAt, null, "http://prometheus.test/graph");
    }

    private static String drift() {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return """
                {"specversion":"1.0","type":"dev.odpe.drift","source":"urn:test:detector","id":"drift-1",
                 "time":"%s","datacontenttype":"application/json",
                 "data":{"namespace":"ml-serving","model":"bert","version":"9","feature":"input_length",
                         "score":0.4,"threshold":0.2,"detector":"psi","time":"%s"}}
                """.formatted(now, now);
    }

    /** KEDA's GetMetrics for the boosted pool, with a queue signal read from the same Prometheus, until it answers. */
    private static void awaitReplicas(PackagedEngine engine) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", engine.grpcPort())
                .usePlaintext()
                .build();
        try {
            ScaledObjectRef ref = ScaledObjectRef.newBuilder()
                    .setNamespace(NAMESPACE)
                    .setName(POOL)
                    .putAllScalerMetadata(Map.of(
                            "pool", POOL,
                            "queueQuery", "sum(odpe_evaluation_queue_capacity) / 2500",
                            "queueTarget", "2",
                            "maxReplicas", "10"))
                    .build();
            GetMetricsRequest request = GetMetricsRequest.newBuilder()
                    .setScaledObjectRef(ref)
                    .setMetricName("odpe-" + POOL)
                    .build();
            await("KEDA gets replicas for " + POOL)
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(
                            () -> ExternalScalerGrpc.newBlockingStub(channel)
                                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                                    .getMetrics(request.toBuilder()
                                            .setMetricName(metricName(channel, ref))
                                            .build())
                                    .getMetricValues(0)
                                    .getMetricValue(),
                            replicas -> replicas > 0);
        } finally {
            channel.shutdownNow();
        }
    }

    private static String metricName(ManagedChannel channel, ScaledObjectRef ref) {
        return ExternalScalerGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .getMetricSpec(ref)
                .getMetricSpecs(0)
                .getMetricName();
    }

    /** Waits until Prometheus has scraped the engine after the scenario's last change. */
    private static void awaitScraped(Prometheus prometheus, PackagedEngine engine) {
        await("Prometheus scraped the scenario's end")
                .atMost(WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> prometheus
                                .instantQuery("sum(odpe_decisions_total{outcome=\"WITHDRAWN\"})"
                                        + " and on() sum(odpe_scaler_desired_replicas) > 0")
                                .path("data")
                                .path("result"),
                        result -> !result.isEmpty());
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(config);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
