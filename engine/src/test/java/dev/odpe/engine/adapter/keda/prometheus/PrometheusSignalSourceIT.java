package dev.odpe.engine.adapter.keda.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.it.TritonExporter;
import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.testsupport.Prometheus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus signal source against a real Prometheus (Debian 2.42) scraping a Triton-like
 * exporter every second. Each test uses its own model name, so they share one Prometheus.
 */
class PrometheusSignalSourceIT {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static TritonExporter exporter;
    private static Prometheus prometheus;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private PrometheusSignalSource source;

    @BeforeAll
    static void startPrometheus() {
        exporter = new TritonExporter();
        prometheus = Prometheus.scraping(exporter.target());
        prometheus.awaitTargetUp();
    }

    @AfterAll
    static void stopPrometheus() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    @AfterEach
    void closeSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void queueDepthIsThePendingRequestsSummedOverVersionsAndFollowsTheExporter() {
        // Given bert v1 and v2 with 3 and 4 pending requests (and another model with 100)
        exporter.pending("bert", "1", 3).pending("bert", "2", 4).pending("resnet", "1", 100);
        source = sourceOn(prometheus);
        String queue = "sum(nv_inference_pending_request_count{model=\"bert\"})";
        await("7 pending").atMost(WITHIN).until(() -> valueOf(queue), v -> v != null && v == 7);
        // When v1's queue grows to 30
        exporter.pending("bert", "1", 30);
        // Then the reading follows within a scrape and a refresh
        await("34 pending").atMost(WITHIN).until(() -> valueOf(queue), v -> v != null && v == 34);
    }

    @Test
    void gpuUtilisationAggregatesOverGpus() {
        // Given two GPUs at 50% and 70%
        exporter.gpuUtilization("GPU-aaaa", 0.5).gpuUtilization("GPU-bbbb", 0.7);
        source = sourceOn(prometheus);
        // When the pool's sum and average are read
        String sum = "sum(nv_gpu_utilization{gpu_uuid=~\"GPU-aaaa|GPU-bbbb\"})";
        String avg = "avg(nv_gpu_utilization{gpu_uuid=~\"GPU-aaaa|GPU-bbbb\"})";
        // Then they are 1.2 and 0.6
        await("sum").atMost(WITHIN).until(() -> valueOf(sum), v -> v != null && Math.abs(v - 1.2) < 1e-9);
        await("avg").atMost(WITHIN).until(() -> valueOf(avg), v -> v != null && Math.abs(v - 0.6) < 1e-9);
    }

    @Test
    void averageQueueTimeComesFromTheTwoCounters() {
        // Given 10 requests per scrape, each queued 2000 µs
        exporter.traffic("llama", "1", 10, 2000);
        source = sourceOn(prometheus);
        String latency = "sum(rate(nv_inference_queue_duration_us{model=\"llama\"}[1m]))"
                + " / sum(rate(nv_inference_request_success{model=\"llama\"}[1m]))";
        // When the ratio of the rates is read (once two scrapes are in)
        await("a latency value").atMost(WITHIN).until(() -> valueOf(latency), v -> v != null && !v.isNaN());
        // Then it is the queue time per request in microseconds
        assertThat(valueOf(latency)).isCloseTo(2000, within(1e-6));
    }

    @Test
    void aSyntaxErrorReadsFailedWithPrometheusOwnMessage() {
        // Given a query with a missing parenthesis
        source = sourceOn(prometheus);
        String broken = "sum(nv_inference_pending_request_count{model=\"bert\"}";
        // When it is tracked and refreshed
        SignalReading reading = awaitFailed(broken, "prometheus rejected the query");
        // Then the reading names the source and quotes Prometheus' parse error
        assertThat(reading).isInstanceOfSatisfying(SignalReading.Failed.class, failed -> {
            assertThat(failed.source()).isEqualTo("prometheus " + prometheus.baseUri());
            assertThat(failed.reason())
                    .startsWith("prometheus rejected the query: bad_data: ")
                    .contains("parse error");
        });
    }

    @Test
    void seriesNotAggregatedToOneReadFailedNamingTheCount() {
        // Given two versions of vit with pending requests
        exporter.pending("vit", "1", 1).pending("vit", "2", 2);
        source = sourceOn(prometheus);
        // When the query forgets to aggregate
        SignalReading reading =
                awaitFailed("nv_inference_pending_request_count{model=\"vit\"}", "query returned several");
        // Then the reading says how many series came back and how to fix it
        assertThat(reading)
                .isInstanceOfSatisfying(
                        SignalReading.Failed.class,
                        failed -> assertThat(failed.reason())
                                .startsWith("query returned several series: 2 series")
                                .contains("sum(...)"));
    }

    @Test
    void aQueryMatchingNoSeriesReadsFailedNotZeroUnlessTheQuerySaysOrVectorZero() {
        // Given no model called "absent"
        source = sourceOn(prometheus);
        String absent = "sum(nv_inference_pending_request_count{model=\"absent\"})";
        // When it is read plain and with an explicit "or vector(0)"
        SignalReading plain = awaitFailed(absent, "query returned");
        // Then the plain query fails, and only the explicit form reads 0
        assertThat(plain)
                .isInstanceOfSatisfying(
                        SignalReading.Failed.class,
                        failed -> assertThat(failed.reason()).startsWith("query returned no series"));
        await("explicit zero").atMost(WITHIN).until(() -> valueOf(absent + " or vector(0)"), v -> v != null && v == 0);
    }

    @Test
    void prometheusDownKeepsTheLastValueAgingAndANewQueryReadsFailedTransiently() {
        // Given a Prometheus of its own, and a value read from it
        exporter.pending("gpt", "1", 5);
        try (Prometheus doomed = Prometheus.scraping(exporter.target())) {
            doomed.awaitTargetUp();
            source = sourceOn(doomed);
            String queue = "sum(nv_inference_pending_request_count{model=\"gpt\"})";
            await("5 pending").atMost(WITHIN).until(() -> valueOf(queue), v -> v != null && v == 5);
            SignalReading.Value lastGood = (SignalReading.Value) source.latest(queue);

            // When Prometheus stops and a refresh round finds it gone
            doomed.stop();
            await("a refused refresh")
                    .atMost(WITHIN)
                    .until(() -> registry.get("odpe.signal.refresh")
                                    .tag("outcome", "unreachable")
                                    .counter()
                                    .count()
                            > 0);

            // Then the old value is still read with its old time (so maxStaleness ages it out) ...
            await("the value ages")
                    .atMost(WITHIN)
                    .until(() -> Duration.between(
                                            lastGood.observedAt(),
                                            Clock.systemUTC().instant())
                                    .compareTo(Duration.ofSeconds(1))
                            > 0);
            source.track(queue);
            assertThat(source.latest(queue)).isEqualTo(lastGood);
            // ... and a query never read before fails, naming the unreachable source
            SignalReading fresh = awaitFailed("max(nv_gpu_utilization)", "prometheus unreachable");
            assertThat(fresh).isInstanceOfSatisfying(SignalReading.Failed.class, failed -> {
                assertThat(failed.source()).isEqualTo("prometheus " + doomed.baseUri());
                assertThat(failed.reason()).startsWith("prometheus unreachable: cannot connect to " + doomed.baseUri());
            });
        }
    }

    private PrometheusSignalSource sourceOn(Prometheus target) {
        PrometheusSettings settings = PrometheusSettings.from(PrometheusSettingsTest.config(Map.of(
                        "url", Optional.of(target.baseUri().toString()),
                        "refreshInterval", Duration.ofMillis(300),
                        "queryTimeout", Duration.ofSeconds(2))))
                .orElseThrow();
        PrometheusClient client = PrometheusClient.forSettings(settings, new ObjectMapper());
        return PrometheusSignalSource.start(settings, client, Clock.systemUTC(), registry);
    }

    /** Tracks (as an RPC would) and returns the value, or null while there is none. */
    private Double valueOf(String query) {
        source.track(query);
        return source.latest(query) instanceof SignalReading.Value v ? v.value() : null;
    }

    /** Tracks until the reading fails with a reason starting {@code reasonStart} (data may still be on its way). */
    private SignalReading awaitFailed(String query, String reasonStart) {
        return await(query + " fails with " + reasonStart)
                .atMost(WITHIN)
                .until(
                        () -> {
                            source.track(query);
                            return source.latest(query);
                        },
                        reading -> reading instanceof SignalReading.Failed failed
                                && failed.reason().startsWith(reasonStart));
    }
}
