package dev.odpe.engine.adapter.keda;

import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.GetMetricsRequest;
import dev.odpe.externalscaler.ScaledObjectRef;
import dev.odpe.scaler.signal.SignalReading;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, "Bad input", for the KEDA external scaler: every RPC (IsActive, GetMetricSpec,
 * GetMetrics, StreamIsActive) answers a bad ScaledObjectRef with INVALID_ARGUMENT naming the field
 * or metadata key (or the documented PERMISSION_DENIED / UNAVAILABLE), never UNKNOWN or INTERNAL,
 * never an exception class or stack trace, and with a description short enough for any gRPC
 * client's trailer limit. Same profile and test resources as {@link ExternalScalerGrpcTest}, so
 * Quarkus does not restart between the two.
 */
@QuarkusTest
@TestProfile(ScalerTestProfile.class)
@WithKubernetesTestServer(crud = true)
class ExternalScalerBadInputTest {

    private static final String NS = "ml-serving";
    /** Well below the 8 KiB header-list default of grpc-java and grpc-go clients (KEDA). */
    private static final int MAX_DESCRIPTION = 1024;

    private static final String LONG = "q".repeat(100_000);
    private static ManagedChannel channel;
    private static ExternalScalerGrpc.ExternalScalerBlockingStub scaler;

    @Inject
    FakeSignalSource signals;

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
    void badMetadataIsInvalidArgumentNamingTheKeyOnEveryRpc() {
        Map<String, Map<String, String>> cases = new LinkedHashMap<>();
        // missing keys
        cases.put("'pool'", Map.of("queueQuery", "q", "queueTarget", "1"));
        cases.put("'queueTarget'", Map.of("pool", "bad-a", "queueQuery", "sum(q)"));
        cases.put("'gpuQuery'", Map.of("pool", "bad-a", "gpuTarget", "0.8"));
        cases.put("'pool' ", Map.of("pool", "  "));
        // non-numeric, negative, huge, infinite numbers
        cases.put("'minReplicas' ", Map.of("pool", "bad-a", "minReplicas", "two"));
        cases.put("'minReplicas'  ", Map.of("pool", "bad-a", "minReplicas", "-1"));
        cases.put("'minReplicas'   ", Map.of("pool", "bad-a", "minReplicas", "99999999999999999999"));
        cases.put("'maxReplicas' ", Map.of("pool", "bad-a", "maxReplicas", "1.5"));
        cases.put("'queueTarget' ", Map.of("pool", "bad-a", "queueQuery", "q", "queueTarget", "-10"));
        cases.put("'queueTarget'  ", Map.of("pool", "bad-a", "queueQuery", "q", "queueTarget", "1e400"));
        cases.put("'queueTarget'   ", Map.of("pool", "bad-a", "queueQuery", "q", "queueTarget", "NaN"));
        cases.put("'activationThreshold'", Map.of("pool", "bad-a", "activationThreshold", "-1"));
        cases.put("'activationThreshold' ", Map.of("pool", "bad-a", "activationThreshold", "1e400"));
        cases.put("'activationThreshold'  ", Map.of("pool", "bad-a", "activationThreshold", "Infinity"));
        cases.put("'maxStaleness'", Map.of("pool", "bad-a", "maxStaleness", "-5s"));
        cases.put("'maxStaleness' ", Map.of("pool", "bad-a", "maxStaleness", "99999999999999999999h"));
        cases.put("'maxStaleness'  ", Map.of("pool", "bad-a", "maxStaleness", "PT0S"));
        cases.put("'maxStaleness'   ", Map.of("pool", "bad-a", "maxStaleness", "a fortnight"));
        // min > max
        cases.put("'maxReplicas'", Map.of("pool", "bad-a", "minReplicas", "5", "maxReplicas", "2"));
        // an unknown signal (a key this scaler does not know)
        cases.put("'tokensQuery'", Map.of("pool", "bad-a", "tokensQuery", "sum(tokens)", "tokensTarget", "100"));
        // very long values and keys
        cases.put("'pool'  ", Map.of("pool", LONG));
        cases.put("'queueQuery'", Map.of("pool", "bad-a", "queueQuery", LONG, "queueTarget", "1"));
        cases.put("'minReplicas'    ", Map.of("pool", "bad-a", "minReplicas", LONG));
        cases.put("'" + "k".repeat(40), Map.of("pool", "bad-a", "k".repeat(100_000), "1"));
        // unicode control characters
        cases.put("'pool'   ", Map.of("pool", "bad\u0000a"));
        cases.put("'pool'    ", Map.of("pool", "bad\u001b[31ma"));
        cases.put("'queueQuery' ", Map.of("pool", "bad-a", "queueQuery", "sum(q)\u0007", "queueTarget", "1"));
        cases.put("'minReplicas'     ", Map.of("pool", "bad-a", "minReplicas", "1\u0085"));
        cases.put("'\\u0001pool'", Map.of("pool", "bad-a", "\u0001pool", "x"));

        SoftAssertions softly = new SoftAssertions();
        int i = 0;
        for (Map.Entry<String, Map<String, String>> c : cases.entrySet()) {
            String part = c.getKey().strip();
            ScaledObjectRef ref = ref("bad-so-" + i++, c.getValue());
            everyRpc(
                    softly,
                    ref,
                    "odpe-pool-ml-serving-bad-a",
                    e -> assertClean(softly, e, Status.Code.INVALID_ARGUMENT, part));
        }
        softly.assertAll();
    }

    @Test
    void badScaledObjectRefIsInvalidArgumentNamingTheField() {
        Map<String, String> ok = Map.of("pool", "ref-a");
        record Case(String namespace, String name, String part) {}
        List<Case> cases = List.of(
                new Case(NS, "", "name"),
                new Case(NS, "  ", "name"),
                new Case(NS, "n".repeat(100_000), "name"),
                new Case(NS, "so\u0000x", "name"),
                new Case("", "ref-so", "namespace"),
                new Case(" ", "ref-so", "namespace"),
                new Case("n".repeat(100_000), "ref-so", "namespace"),
                new Case("ml-serving\n", "ref-so", "namespace"));
        SoftAssertions softly = new SoftAssertions();
        for (Case c : cases) {
            ScaledObjectRef ref = ScaledObjectRef.newBuilder()
                    .setNamespace(c.namespace())
                    .setName(c.name())
                    .putAllScalerMetadata(ok)
                    .build();
            everyRpc(
                    softly,
                    ref,
                    "odpe-pool-ml-serving-ref-a",
                    e -> assertClean(softly, e, Status.Code.INVALID_ARGUMENT, c.part()));
        }
        softly.assertAll();
    }

    @Test
    void namespaceNotServedIsPermissionDeniedOnEveryRpc() {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder()
                .setNamespace("other")
                .setName("denied-so")
                .putScalerMetadata("pool", "denied-a")
                .build();
        SoftAssertions softly = new SoftAssertions();
        everyRpc(
                softly,
                ref,
                "odpe-pool-other-denied-a",
                e -> assertClean(softly, e, Status.Code.PERMISSION_DENIED, "namespace"));
        softly.assertAll();
    }

    @Test
    void unknownMetricNameIsInvalidArgumentNamingMetricName() {
        ScaledObjectRef ref = ref("metric-so", Map.of("pool", "metric-a"));
        SoftAssertions softly = new SoftAssertions();
        for (String name :
                List.of("", "s0-odpe-pool-ml-serving-metric-a", "odpe-pool-ml-serving-other", LONG, "m\u0000")) {
            catchStatus(() -> scaler.getMetrics(request(ref, name)))
                    .ifPresentOrElse(
                            e -> assertClean(softly, e, Status.Code.INVALID_ARGUMENT, "metricName"),
                            () -> softly.fail(
                                    "GetMetrics answered metric name '%s'", name.length() > 60 ? "(long)" : name));
        }
        softly.assertAll();
    }

    @Test
    void malformedQueryIsUnavailableNamingTheSignalAsDocumented() {
        // Query syntax is the backend's to judge, in the background: Prometheus answers 400 bad_data and the
        // reading fails. The polled RPCs report it as UNAVAILABLE (KEDA's fallback); the spec does not depend on it.
        String query = "sum(rate(x[5m]";
        signals.set(new SignalReading.Failed(
                query, "prometheus", "HTTP 400 bad_data: parse error: unclosed left parenthesis", clock.instant()));
        ScaledObjectRef ref =
                ref("malformed-so", Map.of("pool", "malformed-a", "queueQuery", query, "queueTarget", "1"));
        SoftAssertions softly = new SoftAssertions();
        catchStatus(() -> scaler.isActive(ref))
                .ifPresentOrElse(
                        e -> assertClean(softly, e, Status.Code.UNAVAILABLE, "queue"),
                        () -> softly.fail("IsActive answered"));
        catchStatus(() -> scaler.getMetrics(request(ref, "odpe-pool-ml-serving-malformed-a")))
                .ifPresentOrElse(
                        e -> assertClean(softly, e, Status.Code.UNAVAILABLE, "queue"),
                        () -> softly.fail("GetMetrics answered"));
        softly.assertThat(scaler.getMetricSpec(ref).getMetricSpecs(0).getMetricName())
                .isEqualTo("odpe-pool-ml-serving-malformed-a");
        softly.assertAll();
    }

    private static void everyRpc(
            SoftAssertions softly, ScaledObjectRef ref, String metricName, Consumer<StatusRuntimeException> check) {
        Map<String, Runnable> rpcs = new LinkedHashMap<>();
        rpcs.put("IsActive", () -> scaler.isActive(ref));
        rpcs.put("GetMetricSpec", () -> scaler.getMetricSpec(ref));
        rpcs.put("GetMetrics", () -> scaler.getMetrics(request(ref, metricName)));
        rpcs.put(
                "StreamIsActive",
                () -> scaler.withDeadlineAfter(5, TimeUnit.SECONDS)
                        .streamIsActive(ref)
                        .next());
        rpcs.forEach((rpc, call) -> catchStatus(call)
                .ifPresentOrElse(
                        check,
                        () -> softly.fail(rpc + " accepted " + abbreviate(ref.getNamespace()) + "/"
                                + abbreviate(ref.getName()) + " "
                                + abbreviate(ref.getScalerMetadataMap().toString()))));
    }

    private static Optional<StatusRuntimeException> catchStatus(Runnable call) {
        try {
            call.run();
            return Optional.empty();
        } catch (StatusRuntimeException e) {
            return Optional.of(e);
        }
    }

    private static void assertClean(SoftAssertions softly, StatusRuntimeException e, Status.Code code, String part) {
        Status status = e.getStatus();
        String description = String.valueOf(status.getDescription());
        String shown = abbreviate(description);
        softly.assertThat(status.getCode()).as("code for %s: %s", part, shown).isEqualTo(code);
        softly.assertThat(description).as("names %s", part).contains(part);
        softly.assertThat(description.length())
                .as("description length for %s", part)
                .isLessThanOrEqualTo(MAX_DESCRIPTION);
        softly.assertThat(description)
                .as("no exception or stack in %s", shown)
                .doesNotContain("Exception", "\tat ", "java.", "dev.odpe.");
        softly.assertThat(description
                        .chars()
                        .filter(ch -> Character.isISOControl(ch))
                        .count())
                .as("control characters in %s", shown)
                .isZero();
        softly.assertThat(status.getCause()).as("cause for %s", part).isNull();
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…(" + s.length() + " chars)" : s;
    }

    private static ScaledObjectRef ref(String name, Map<String, String> metadata) {
        return ScaledObjectRef.newBuilder()
                .setNamespace(NS)
                .setName(name)
                .putAllScalerMetadata(metadata)
                .build();
    }

    private static GetMetricsRequest request(ScaledObjectRef ref, String metricName) {
        return GetMetricsRequest.newBuilder()
                .setScaledObjectRef(ref)
                .setMetricName(metricName)
                .build();
    }
}
