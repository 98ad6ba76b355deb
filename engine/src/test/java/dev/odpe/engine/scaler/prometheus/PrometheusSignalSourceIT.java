package dev.odpe.engine.scaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.it.Prometheus;
import dev.odpe.engine.it.TritonExporter;
import dev.odpe.engine.it.TritonExporter.ModelStats;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.scaler.signal.SignalReading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The PromQL path for real: the Debian Prometheus scrapes a Triton-shaped exporter every second and
 * the signal source reads it over Prometheus' HTTP API. The last test stops Prometheus.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusSignalSourceIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String QUEUE = "sum(nv_inference_pending_request_count{model=\"bert\"})";

    private static TritonExporter triton;
    private static Prometheus prometheus;
    private static PrometheusSignalSource source;

    @BeforeAll
    static void startPrometheusScrapingTriton() {
        triton = TritonExporter.start();
        triton.set("bert", "8", new ModelStats(30, 1_000, 2_000_000, 0.9));
        triton.set("bert", "7", new ModelStats(12, 500, 500_000, 0.5));
        triton.set("resnet", "1", new ModelStats(99, 10, 10, 0.1));
        prometheus = Prometheus.start(triton.target());
        prometheus.awaitSeries(QUEUE, WAIT);
        PrometheusConfig config = ConfigStub.of(PrometheusConfig.class, Map.of(
                "url", Optional.of(prometheus.baseUri()), "refreshInterval", Duration.ofSeconds(1),
                "queryTimeout", Duration.ofSeconds(2), "maxTrackedQueries", 100, "maxConcurrentQueries", 4,
                "forgetAfter", Duration.ofMinutes(10)));
        PromQlClient client = new PromQlClient(HttpClient.newHttpClient(), prometheus.baseUri(),
                config.queryTimeout(), new ObjectMapper());
        source = new PrometheusSignalSource(client, config, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (triton != null) {
            triton.close();
        }
    }

    @Test
    @Order(1)
    void aTritonQueueDepthQueryReadsTheScrapedValue() {
        // When the scaler tracks the pending-request sum of both bert versions
        source.track(QUEUE);

        // Then the source holds 30 + 12
        await().atMost(WAIT).untilAsserted(() -> assertThat(source.latest(QUEUE))
                .isInstanceOfSatisfying(SignalReading.Value.class, v -> assertThat(v.value()).isEqualTo(42.0)));
    }

    @Test
    @Order(2)
    void aNewValueArrivesWithTheNextScrapeAndRefresh() {
        // Given the source tracks the queue
        source.track(QUEUE);

        // When Triton's queue grows and a refresh pass runs after the next scrape
        triton.set("bert", "8", new ModelStats(80, 1_000, 2_000_000, 0.9));

        // Then the source reads 80 + 12
        await().atMost(WAIT).untilAsserted(() -> {
            source.refreshAll();
            assertThat(source.latest(QUEUE)).isInstanceOfSatisfying(SignalReading.Value.class,
                    v -> assertThat(v.value()).isEqualTo(92.0));
        });
    }

    @Test
    @Order(3)
    void aSyntaxErrorIsAFailureQuotingPrometheus() {
        // When a trigger carries a broken query
        String broken = "sum(nv_inference_pending_request_count{model=\"bert\"}";
        source.track(broken);

        // Then the reading says Prometheus rejected it
        await().atMost(WAIT).untilAsserted(() -> assertThat(source.latest(broken))
                .isInstanceOfSatisfying(SignalReading.Failed.class, f -> {
                    assertThat(f.reason()).contains("bad_query", "bad_data");
                    assertThat(f.source()).isEqualTo("prometheus " + prometheus.baseUri());
                }));
    }

    @Test
    @Order(4)
    void aQueryMatchingSeveralSeriesAsksForAnAggregation() {
        // When a trigger forgets to aggregate over versions
        String perVersion = "nv_inference_pending_request_count{model=\"bert\"}";
        source.track(perVersion);

        // Then the reading names the series count
        await().atMost(WAIT).untilAsserted(() -> assertThat(source.latest(perVersion))
                .isInstanceOfSatisfying(SignalReading.Failed.class, f -> assertThat(f.reason()).contains("2 series")));
    }

    @Test
    @Order(5)
    void aLatencyRatioFromTritonCountersIsReadable() {
        // When the scaler tracks average queue time per request (µs) from the cumulative counters
        String latency = "sum(nv_inference_queue_duration_us{model=\"bert\"}) "
                + "/ sum(nv_inference_request_success{model=\"bert\"})";
        source.track(latency);

        // Then the ratio (2,000,000 + 500,000) / 1,500 is read
        await().atMost(WAIT).untilAsserted(() -> assertThat(source.latest(latency))
                .isInstanceOfSatisfying(SignalReading.Value.class,
                        v -> assertThat(v.value()).isCloseTo(1666.67, org.assertj.core.data.Offset.offset(0.01))));
    }

    @Test
    @Order(6)
    void aStoppedPrometheusKeepsTheLastValueWhichThenAges() {
        // Given a value read from the running Prometheus
        source.track(QUEUE);
        await().atMost(WAIT).until(() -> source.latest(QUEUE) instanceof SignalReading.Value);
        SignalReading.Value before = (SignalReading.Value) source.latest(QUEUE);

        // When Prometheus goes away and refresh passes keep failing
        prometheus.stopProcess();
        source.refreshAll();

        // Then the old value stays, observed before the outage: maxStaleness turns it UNAVAILABLE in the scaler
        await().atMost(WAIT).untilAsserted(() -> {
            source.refreshAll();
            assertThat(source.latest(QUEUE)).isInstanceOfSatisfying(SignalReading.Value.class,
                    v -> assertThat(v.observedAt()).isEqualTo(before.observedAt()));
        });
    }
}
