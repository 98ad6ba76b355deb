package dev.odpe.engine.adapter.keda;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.GetMetricSpecResponse;
import dev.odpe.externalscaler.GetMetricsRequest;
import dev.odpe.externalscaler.GetMetricsResponse;
import dev.odpe.externalscaler.IsActiveResponse;
import dev.odpe.externalscaler.MetricSpec;
import dev.odpe.externalscaler.MetricValue;
import dev.odpe.externalscaler.ScaledObjectRef;
import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.testsupport.AlertmanagerPayloads;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The external scaler over a real gRPC port, with a client generated from the same proto, against
 * fabric8's mock API server (CRUD) and the fake signal source. Each test uses its own pool.
 */
@QuarkusTest
@TestProfile(ScalerTestProfile.class)
@WithKubernetesTestServer(crud = true)
class ExternalScalerGrpcTest {

    private static final String NS = "ml-serving";
    private static final Duration WITHIN = Duration.ofSeconds(10);
    private static ManagedChannel channel;
    private static ExternalScalerGrpc.ExternalScalerBlockingStub scaler;

    @KubernetesTestServer
    KubernetesServer apiServer;

    @Inject
    FakeSignalSource signals;

    @Inject
    ActivityStreams streams;

    @Inject
    Clock clock;

    @BeforeAll
    static void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", ScalerTestProfile.GRPC_PORT)
                .usePlaintext()
                .build();
        scaler = ExternalScalerGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.MINUTES);
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void metricSpecIsOneStableLowercaseNamePerPoolWithTargetOne() {
        // When KEDA asks for the metric spec of pool Triton-A100
        GetMetricSpecResponse spec = scaler.getMetricSpec(ref("spec-so", Map.of("pool", "Triton-A100")));
        // Then there is one metric, named after namespace and pool, with target 1 in both fields
        assertThat(spec.getMetricSpecsList())
                .containsExactly(MetricSpec.newBuilder()
                        .setMetricName("odpe-pool-ml-serving-triton-a100")
                        .setTargetSize(1)
                        .setTargetSizeFloat(1)
                        .build());
    }

    @Test
    void idlePoolWithoutSignalsAnswersMinReplicasAndInactive() {
        // Given a pool with no signals and minReplicas 1
        ScaledObjectRef ref = ref("idle-so", Map.of("pool", "idle-a", "minReplicas", "1"));
        // When KEDA polls
        GetMetricsResponse metrics = scaler.getMetrics(metricsRequest(ref, "odpe-pool-ml-serving-idle-a"));
        IsActiveResponse active = scaler.isActive(ref);
        // Then exactly one value, 1 in both fields, and not active
        assertThat(metrics.getMetricValuesList())
                .containsExactly(MetricValue.newBuilder()
                        .setMetricName("odpe-pool-ml-serving-idle-a")
                        .setMetricValue(1)
                        .setMetricValueFloat(1)
                        .build());
        assertThat(active.getResult()).isFalse();
    }

    @Test
    void queueSignalIsTurnedIntoDesiredReplicas() {
        // Given a queue of 35 pending requests against a target of 10 per replica
        signals.set("sum(queue_signal_a)", 35);
        ScaledObjectRef ref =
                ref("queue-so", Map.of("pool", "queue-a", "queueQuery", "sum(queue_signal_a)", "queueTarget", "10"));
        // When KEDA polls
        MetricValue value = scaler.getMetrics(metricsRequest(ref, "odpe-pool-ml-serving-queue-a"))
                .getMetricValues(0);
        // Then it is asked for 4 replicas, and the query is tracked for background refresh
        assertThat(value.getMetricValue()).isEqualTo(4);
        assertThat(value.getMetricValueFloat()).isEqualTo(4.0);
        assertThat(scaler.isActive(ref).getResult()).isTrue();
        assertThat(signals.isTracked("sum(queue_signal_a)")).isTrue();
    }

    @Test
    void missingPoolIsInvalidArgumentNamingTheKeyOnEveryRpc() {
        ScaledObjectRef ref = ref("nopool-so", Map.of("queueQuery", "q", "queueTarget", "1"));
        assertStatus(() -> scaler.isActive(ref), Status.Code.INVALID_ARGUMENT, "'pool'");
        assertStatus(() -> scaler.getMetricSpec(ref), Status.Code.INVALID_ARGUMENT, "'pool'");
        assertStatus(() -> scaler.getMetrics(metricsRequest(ref, "x")), Status.Code.INVALID_ARGUMENT, "'pool'");
        assertStatus(() -> scaler.streamIsActive(ref).next(), Status.Code.INVALID_ARGUMENT, "'pool'");
    }

    @Test
    void badTargetIsInvalidArgumentNamingTheKey() {
        ScaledObjectRef ref = ref("badtarget-so", Map.of("pool", "p", "gpuQuery", "sum(g)", "gpuTarget", "-0.8"));
        assertStatus(() -> scaler.getMetricSpec(ref), Status.Code.INVALID_ARGUMENT, "'gpuTarget'");
    }

    @Test
    void metricNameThisScaledObjectDoesNotServeIsInvalidArgument() {
        ScaledObjectRef ref = ref("wrongname-so", Map.of("pool", "wrongname-a"));
        assertStatus(
                () -> scaler.getMetrics(metricsRequest(ref, "s0-odpe-pool-ml-serving-wrongname-a")),
                Status.Code.INVALID_ARGUMENT,
                "odpe-pool-ml-serving-wrongname-a");
    }

    @Test
    void failedSignalIsUnavailableNamingTheSourceNeverZero() {
        // Given the queue signal's backend failing
        signals.set(new SignalReading.Failed(
                "sum(queue_failing)", "prometheus http://prom.test:9090", "connection refused", clock.instant()));
        ScaledObjectRef ref =
                ref("failing-so", Map.of("pool", "failing-a", "queueQuery", "sum(queue_failing)", "queueTarget", "5"));
        // When KEDA polls, then UNAVAILABLE names the signal and its backend
        assertStatus(
                () -> scaler.getMetrics(metricsRequest(ref, "odpe-pool-ml-serving-failing-a")),
                Status.Code.UNAVAILABLE,
                "queueQuery (prometheus http://prom.test:9090)");
        assertStatus(() -> scaler.isActive(ref), Status.Code.UNAVAILABLE, "connection refused");
    }

    @Test
    void staleSignalIsUnavailable() {
        signals.set(
                new SignalReading.Value("sum(queue_stale)", 50, clock.instant().minusSeconds(120)));
        ScaledObjectRef ref =
                ref("stale-so", Map.of("pool", "stale-a", "queueQuery", "sum(queue_stale)", "queueTarget", "5"));
        assertStatus(
                () -> scaler.getMetrics(metricsRequest(ref, "odpe-pool-ml-serving-stale-a")),
                Status.Code.UNAVAILABLE,
                "stale");
    }

    @Test
    void scaledObjectFromANamespaceNotServedIsPermissionDeniedOnEveryRpc() {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder()
                .setName("foreign-so")
                .setNamespace("team-x")
                .putScalerMetadata("pool", "foreign-a")
                .build();
        assertStatus(() -> scaler.isActive(ref), Status.Code.PERMISSION_DENIED, "'team-x'");
        assertStatus(() -> scaler.getMetricSpec(ref), Status.Code.PERMISSION_DENIED, "odpe.scaler.allowed-namespaces");
        assertStatus(
                () -> scaler.getMetrics(metricsRequest(ref, "odpe-pool-team-x-foreign-a")),
                Status.Code.PERMISSION_DENIED,
                "'team-x'");
        assertStatus(() -> scaler.streamIsActive(ref).next(), Status.Code.PERMISSION_DENIED, "'team-x'");
    }

    @Test
    void streamMetricSpecIsUnimplementedSoKedaKeepsPolling() {
        ScaledObjectRef ref = ref("specstream-so", Map.of("pool", "p"));
        assertStatus(() -> scaler.streamMetricSpec(ref).next(), Status.Code.UNIMPLEMENTED, "GetMetricSpec");
    }

    @Test
    void latencyAlertFromTheWebhookBoostsThePoolAndIsPushedToStreamIsActive() throws InterruptedException {
        // Given an idle pool with an open StreamIsActive stream that said "false"
        ScaledObjectRef ref = ref("push-so", Map.of("pool", "push-a"));
        Stream stream = open(ref);
        assertThat(stream.answers.poll(10, TimeUnit.SECONDS)).isFalse();
        // When Alertmanager posts a latency breach for that pool
        long posted = System.nanoTime();
        post(AlertmanagerPayloads.firing("5ca1e00000000001", "2026-11-28T10:00:00Z", latency("push-a")));
        // Then the stream is pushed "true" and GetMetrics asks for the rule's boost of 2
        assertThat(nextTrue(stream)).isTrue();
        // Measured, not asserted (timing claims live in load-tests/): one sample, cold if this test runs first.
        System.out.printf(
                "webhook -> StreamIsActive push: %.1f ms (single sample, incl. HTTP response)%n",
                (System.nanoTime() - posted) / 1e6);
        assertThat(scaler.getMetrics(metricsRequest(ref, "odpe-pool-ml-serving-push-a"))
                        .getMetricValues(0)
                        .getMetricValue())
                .isEqualTo(2);
        stream.cancel();
    }

    @Test
    void resolvedAlertWithdrawsTheBoost() {
        // Given a boost from a firing latency alert
        ScaledObjectRef ref = ref("resolve-so", Map.of("pool", "resolve-a"));
        post(AlertmanagerPayloads.firing("5ca1e00000000002", "2026-11-28T10:00:00Z", latency("resolve-a")));
        await().atMost(WITHIN).until(() -> replicas(ref, "resolve-a") == 2);
        // When the alert resolves
        post(AlertmanagerPayloads.resolved(
                "5ca1e00000000002", "2026-11-28T10:00:00Z", "2026-11-28T10:05:00Z", latency("resolve-a")));
        // Then the pool is back at minReplicas and inactive
        await().atMost(WITHIN).until(() -> replicas(ref, "resolve-a") == 0);
        assertThat(scaler.isActive(ref).getResult()).isFalse();
    }

    @Test
    void secondReasonOnOnePoolHoldsItsBoostWhenTheFirstResolves() {
        // Given a latency breach boosting pool reasons-a by 2
        ScaledObjectRef ref = ref("reasons-so", Map.of("pool", "reasons-a"));
        post(AlertmanagerPayloads.firing("5ca1e00000000003", "2026-11-28T10:00:00Z", latency("reasons-a")));
        await().atMost(WITHIN).until(() -> replicas(ref, "reasons-a") == 2);
        // When a queue breach fires on the same pool (a second reason, within any cooldown)
        post(AlertmanagerPayloads.firing("5ca1e00000000004", "2026-11-28T10:01:00Z", queue("reasons-a")));
        // Then both boosts count: 2 + 2
        await().atMost(WITHIN).until(() -> replicas(ref, "reasons-a") == 4);
        // And when latency resolves while the queue breach still fires, the queue's boost remains
        post(AlertmanagerPayloads.resolved(
                "5ca1e00000000003", "2026-11-28T10:00:00Z", "2026-11-28T10:05:00Z", latency("reasons-a")));
        await().atMost(WITHIN).until(() -> replicas(ref, "reasons-a") == 2);
        assertThat(scaler.isActive(ref).getResult()).isTrue();
    }

    @Test
    void manySubscribersAreServedAndCancelledStreamsLeaveNothingBehind() throws InterruptedException {
        // Given 50 open streams on one pool
        int before = streams.size();
        List<Stream> open = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            open.add(open(ref("many-so", Map.of("pool", "many-a"))));
        }
        for (Stream stream : open) {
            assertThat(stream.answers.poll(10, TimeUnit.SECONDS)).isNotNull();
        }
        assertThat(streams.size()).isEqualTo(before + 50);
        // When every client cancels
        open.forEach(Stream::cancel);
        // Then the engine forgets them all
        await().atMost(WITHIN).until(() -> streams.size() == before);
    }

    @Test
    void pendingReplicaGuardHoldsTheAnswerUntilNewReplicasAreReady() {
        // Given a Deployment asked to run 4 replicas with only 2 ready, its ScaledObject, and a queue asking for 8
        KubernetesClient k8s = apiServer.getClient();
        Deployment deployment = k8s.apps()
                .deployments()
                .inNamespace(NS)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("triton-guard")
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(4)
                        .endSpec()
                        .build())
                .create();
        setReady(k8s, deployment, 2);
        k8s.genericKubernetesResources(ScaleTargetReader.SCALED_OBJECTS)
                .inNamespace(NS)
                .resource(scaledObject("guard-so", "triton-guard"))
                .create();
        signals.set("sum(queue_guard)", 75);
        ScaledObjectRef ref =
                ref("guard-so", Map.of("pool", "guard-a", "queueQuery", "sum(queue_guard)", "queueTarget", "10"));
        // When KEDA polls while the two new replicas load their models
        // Then the scaler keeps asking for the 4 already requested
        await().atMost(WITHIN).until(() -> replicas(ref, "guard-a") == 4);
        // And once all 4 are ready, the signal is followed again
        setReady(k8s, deployment, 4);
        await().atMost(WITHIN).until(() -> replicas(ref, "guard-a") == 8);
    }

    @Test
    void latencyScalesWithTheReadyReplicasReadFromTheCluster() {
        // Given a StatefulSet with 3 ready replicas and a p99 of 300 against a target of 200
        KubernetesClient k8s = apiServer.getClient();
        var set = k8s.apps()
                .statefulSets()
                .inNamespace(NS)
                .resource(new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                        .withNewMetadata()
                        .withName("triton-latency")
                        .withNamespace(NS)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(3)
                        .endSpec()
                        .withNewStatus()
                        .withReplicas(3)
                        .withReadyReplicas(3)
                        .endStatus()
                        .build())
                .create();
        set.getStatus().setReadyReplicas(3);
        k8s.apps().statefulSets().inNamespace(NS).resource(set).updateStatus();
        GenericKubernetesResource so = scaledObject("latency-so", "triton-latency");
        ((Map<String, Object>) so.getAdditionalProperties().get("spec"))
                .put(
                        "scaleTargetRef",
                        Map.of("apiVersion", "apps/v1", "kind", "StatefulSet", "name", "triton-latency"));
        k8s.genericKubernetesResources(ScaleTargetReader.SCALED_OBJECTS)
                .inNamespace(NS)
                .resource(so)
                .create();
        signals.set("p99_latency", 300);
        ScaledObjectRef ref =
                ref("latency-so", Map.of("pool", "latency-a", "latencyQuery", "p99_latency", "latencyTarget", "200"));
        // When KEDA polls (the first poll may still be UNAVAILABLE: the status is read in the background)
        // Then it asks for ceil(3 × 300 / 200) = 5
        await().atMost(WITHIN).ignoreExceptions().until(() -> replicas(ref, "latency-a") == 5);
    }

    // ---- helpers ----

    private static void setReady(KubernetesClient k8s, Deployment deployment, int ready) {
        Deployment current = k8s.apps()
                .deployments()
                .inNamespace(NS)
                .withName(deployment.getMetadata().getName())
                .get();
        current.setStatus(new io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder()
                .withReplicas(current.getSpec().getReplicas())
                .withReadyReplicas(ready)
                .build());
        k8s.apps().deployments().inNamespace(NS).resource(current).updateStatus();
    }

    private static GenericKubernetesResource scaledObject(String name, String deployment) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("scaleTargetRef", Map.of("name", deployment));
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("keda.sh/v1alpha1")
                .withKind("ScaledObject")
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", spec))
                .build();
    }

    private static long replicas(ScaledObjectRef ref, String pool) {
        return scaler.getMetrics(metricsRequest(ref, "odpe-pool-ml-serving-" + pool))
                .getMetricValues(0)
                .getMetricValue();
    }

    private static ScaledObjectRef ref(String name, Map<String, String> metadata) {
        return ScaledObjectRef.newBuilder()
                .setName(name)
                .setNamespace(NS)
                .putAllScalerMetadata(metadata)
                .putScalerMetadata("scalerAddress", "odpe-engine.odpe:9000")
                .build();
    }

    private static GetMetricsRequest metricsRequest(ScaledObjectRef ref, String metricName) {
        return GetMetricsRequest.newBuilder()
                .setScaledObjectRef(ref)
                .setMetricName(metricName)
                .build();
    }

    private static Map<String, String> latency(String pool) {
        return Map.of(
                "alertname",
                "TritonP99LatencyHigh",
                "signal",
                "latency",
                "namespace",
                NS,
                "pool",
                pool,
                "severity",
                "page");
    }

    private static Map<String, String> queue(String pool) {
        return Map.of(
                "alertname", "TritonQueueHigh", "signal", "queue", "namespace", NS, "pool", pool, "severity", "page");
    }

    private static void post(String body) {
        given().contentType("application/json")
                .body(body)
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);
    }

    private static void assertStatus(Runnable call, Status.Code code, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(messagePart);
        });
    }

    private static boolean nextTrue(Stream stream) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            Boolean answer = stream.answers.poll(100, TimeUnit.MILLISECONDS);
            if (Boolean.TRUE.equals(answer)) {
                return true;
            }
        }
        return false;
    }

    private static Stream open(ScaledObjectRef ref) {
        Stream stream = new Stream();
        ExternalScalerGrpc.newStub(channel).streamIsActive(ref, stream);
        return stream;
    }

    /** A StreamIsActive client, as KEDA's external-push trigger runs it. */
    private static final class Stream implements ClientResponseObserver<ScaledObjectRef, IsActiveResponse> {
        final BlockingQueue<Boolean> answers = new LinkedBlockingQueue<>();
        private volatile ClientCallStreamObserver<ScaledObjectRef> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<ScaledObjectRef> requestStream) {
            this.call = requestStream;
        }

        @Override
        public void onNext(IsActiveResponse value) {
            answers.add(value.getResult());
        }

        @Override
        public void onError(Throwable t) {}

        @Override
        public void onCompleted() {}

        void cancel() {
            call.cancel("test done", null);
        }
    }
}
