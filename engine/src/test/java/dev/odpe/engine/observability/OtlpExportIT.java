package dev.odpe.engine.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import dev.odpe.testsupport.AlertmanagerPayloads;
import dev.odpe.testsupport.FreePort;
import dev.odpe.testsupport.PackagedEngine;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged engine exports its spans over OTLP/gRPC to a real receiver: a gRPC server in this test
 * implementing the OpenTelemetry collector's {@code TraceService} (classes generated from
 * opentelemetry-proto), as the collector of {@code k8s/observability/otel-collector.yaml} would receive
 * them. A webhook gives one server span, and each of its decisions an {@code odpe.decision} span in the
 * same trace carrying rule, action, target, decision id and the pool, or the model and version, it acts on.
 */
class OtlpExportIT {

    private static final Duration WITHIN = Duration.ofSeconds(60);

    @Test
    void aWebhookExportsItsSpanAndOneDecisionSpanPerDecisionWithTheDecisionAttributes() throws Exception {
        Receiver receiver = new Receiver();
        Server server = NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePort.pick()))
                .addService(receiver)
                .build()
                .start();
        // Given an engine exporting to the receiver, in batches of at most 200 ms
        try (PackagedEngine engine = PackagedEngine.launch(PackagedEngine.ENGINE_MODULE_JAR)
                .name("otlp")
                .properties(Map.of(
                        "quarkus.otel.exporter.otlp.endpoint",
                        "http://127.0.0.1:" + server.getPort(),
                        "quarkus.otel.bsp.schedule.delay",
                        "200ms"))
                .start()) {
            // When one webhook brings a latency breach (ScalePool) and another an errors breach (RollbackModel)
            post(engine, AlertmanagerPayloads.LATENCY_BREACH);
            post(engine, AlertmanagerPayloads.ERRORS_BREACH);
            JsonNode scale = decision(engine, "pool:ml-serving/triton-a100");
            JsonNode rollback = decision(engine, "model:ml-serving/bert");

            // Then each decision's span arrives with its attributes, in the trace of its webhook's span
            Span scaleSpan =
                    receiver.awaitDecisionSpan("odpe.decision", scale.path("id").asText());
            Span rollbackSpan = receiver.awaitDecisionSpan(
                    "odpe.decision", rollback.path("id").asText());
            assertThat(attributes(scaleSpan))
                    .containsEntry("odpe.rule", "latency-breach-boosts-pool")
                    .containsEntry("odpe.action", "ScalePool")
                    .containsEntry("odpe.target", "pool:ml-serving/triton-a100")
                    .containsEntry("odpe.namespace", "ml-serving")
                    .containsEntry("odpe.pool", "triton-a100")
                    .containsEntry("odpe.outcome", "DRY_RUN")
                    .doesNotContainKey("odpe.model");
            assertThat(attributes(rollbackSpan))
                    .containsEntry("odpe.rule", "errors-breach-rolls-back-model-version")
                    .containsEntry("odpe.action", "RollbackModel")
                    .containsEntry("odpe.target", "model:ml-serving/bert")
                    .containsEntry("odpe.model", "bert")
                    .containsEntry("odpe.model.version", "8")
                    .doesNotContainKey("odpe.pool");
            for (Map.Entry<Span, JsonNode> each :
                    Map.of(scaleSpan, scale, rollbackSpan, rollback).entrySet()) {
                Span decisionSpan = each.getKey();
                assertThat(hex(decisionSpan.getTraceId()))
                        .as("the decision's trace id in the API is its span's")
                        .isEqualTo(each.getValue().path("traceId").asText());
                Span webhook = receiver.awaitSpan(
                        s -> s.getSpanId().equals(decisionSpan.getParentSpanId())
                                && s.getTraceId().equals(decisionSpan.getTraceId()),
                        "the parent of decision span " + hex(decisionSpan.getSpanId()));
                assertThat(webhook.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
                assertThat(webhook.getName()).contains("/api/v1/alerts/alertmanager");
            }
        } finally {
            server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    private static void post(PackagedEngine engine, String example) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(engine.uri("/api/v1/alerts/alertmanager"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(AlertmanagerPayloads.example(example)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
    }

    private static JsonNode decision(PackagedEngine engine, String target) {
        return Decisions.awaitDecision(engine, "target=" + target, "DRY_RUN", WITHIN);
    }

    private static Map<String, String> attributes(Span span) {
        return span.getAttributesList().stream()
                .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().getStringValue(), (a, b) -> b));
    }

    private static String hex(ByteString id) {
        return HexFormat.of().formatHex(id.toByteArray());
    }

    /** The collector's trace endpoint: keeps every span it is sent, answers success. */
    private static final class Receiver extends TraceServiceGrpc.TraceServiceImplBase {

        private final List<Span> spans = new CopyOnWriteArrayList<>();

        @Override
        public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> out) {
            request.getResourceSpansList()
                    .forEach(resource ->
                            resource.getScopeSpansList().forEach(scope -> spans.addAll(scope.getSpansList())));
            out.onNext(ExportTraceServiceResponse.getDefaultInstance());
            out.onCompleted();
        }

        Span awaitDecisionSpan(String name, String decisionId) {
            return awaitSpan(
                    s -> s.getName().equals(name)
                            && decisionId.equals(attributes(s).get("odpe.decision.id")),
                    name + " span of decision " + decisionId);
        }

        Span awaitSpan(Predicate<Span> matching, String what) {
            return await(what)
                    .atMost(WITHIN)
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> spans.stream().filter(matching).findFirst(), Optional::isPresent)
                    .orElseThrow();
        }
    }
}
