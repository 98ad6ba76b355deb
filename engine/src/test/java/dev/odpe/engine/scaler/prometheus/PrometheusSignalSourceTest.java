package dev.odpe.engine.scaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.scaler.prometheus.QueryAnswer.Failure;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Reason;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Sample;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.engine.testing.MutableClock;
import dev.odpe.scaler.signal.SignalReading;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PrometheusSignalSourceTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final String QUEUE = "sum(nv_inference_pending_request_count{model=\"bert\"})";

    private final MutableClock clock = new MutableClock(T0);
    private final ScriptedPrometheus prometheus = new ScriptedPrometheus();
    private final PrometheusSignalSource source = new PrometheusSignalSource(prometheus, config(2), clock,
            new SimpleMeterRegistry());

    @Test
    void aTrackedQueryIsReadAtOnceAndAnsweredFromMemory() {
        // Given Prometheus holds 7 pending requests
        prometheus.answer(QUEUE, new Sample(7));

        // When the scaler tracks the query
        source.track(QUEUE);

        // Then the value is there without waiting for a refresh pass
        assertThat(source.latest(QUEUE)).isEqualTo(new SignalReading.Value(QUEUE, 7, T0));
    }

    @Test
    void aTransientFailureKeepsTheLastValueSoItsAgeDecides() {
        // Given a value read at T0
        prometheus.answer(QUEUE, new Sample(7));
        source.track(QUEUE);

        // When Prometheus is unreachable on the next pass, 5 s later
        clock.advance(Duration.ofSeconds(5));
        prometheus.answer(QUEUE, new Failure(Reason.UNREACHABLE, "connection refused"));
        source.refreshAll();

        // Then the T0 value stays (maxStaleness, checked by the scaler, turns it UNAVAILABLE when too old)
        assertThat(source.latest(QUEUE)).isEqualTo(new SignalReading.Value(QUEUE, 7, T0));
    }

    @Test
    void aPermanentFailureReplacesTheValueAndNamesTheSource() {
        // Given a value read at T0
        prometheus.answer(QUEUE, new Sample(7));
        source.track(QUEUE);

        // When the query now returns several series
        prometheus.answer(QUEUE, new Failure(Reason.MANY_SERIES, "the query returned 2 series"));
        source.refreshAll();

        // Then the reading is a failure that says where and why
        assertThat(source.latest(QUEUE)).isInstanceOfSatisfying(SignalReading.Failed.class, f -> {
            assertThat(f.source()).isEqualTo("prometheus http://prometheus.test:9090");
            assertThat(f.reason()).contains("many_series", "2 series");
        });
    }

    @Test
    void aQueryThatNeverHadAValueReportsItsFailure() {
        // Given Prometheus is down from the start
        prometheus.answer(QUEUE, new Failure(Reason.UNREACHABLE, "connection refused"));

        // When the query is tracked
        source.track(QUEUE);

        // Then the failure is reported, not 0
        assertThat(source.latest(QUEUE)).isInstanceOfSatisfying(SignalReading.Failed.class,
                f -> assertThat(f.reason()).contains("unreachable"));
    }

    @Test
    void queriesBeyondTheLimitAreRefusedWithTheReason() {
        // Given two queries tracked, the limit
        prometheus.answer("a", new Sample(1));
        prometheus.answer("b", new Sample(1));
        source.track("a");
        source.track("b");

        // When a third is asked for
        source.track("c");

        // Then it is not tracked and says why
        assertThat(source.latest("c")).isInstanceOfSatisfying(SignalReading.Failed.class,
                f -> assertThat(f.reason()).contains("max-tracked-queries (2)"));
    }

    @Test
    void aQueryNobodyAsksAboutIsForgotten() {
        // Given a tracked query
        prometheus.answer(QUEUE, new Sample(7));
        source.track(QUEUE);

        // When no RPC asks about it for longer than forget-after and a pass runs
        clock.advance(Duration.ofMinutes(11));
        source.refreshAll();

        // Then it is no longer refreshed
        assertThat(prometheus.asked(QUEUE)).isEqualTo(1);
        assertThat(source.latest(QUEUE)).isInstanceOf(SignalReading.Failed.class);
    }

    private static PrometheusConfig config(int maxTracked) {
        return ConfigStub.of(PrometheusConfig.class, Map.of(
                "url", Optional.of(java.net.URI.create("http://prometheus.test:9090")),
                "refreshInterval", Duration.ofSeconds(5), "queryTimeout", Duration.ofSeconds(3),
                "maxTrackedQueries", maxTracked, "maxConcurrentQueries", 8, "forgetAfter", Duration.ofMinutes(10)));
    }

    /** Answers each query as scripted, synchronously, and counts the calls. */
    private static final class ScriptedPrometheus implements InstantQueries {
        private final Map<String, QueryAnswer> answers = new HashMap<>();
        private final Map<String, Integer> calls = new HashMap<>();

        void answer(String query, QueryAnswer answer) {
            answers.put(query, answer);
        }

        int asked(String query) {
            return calls.getOrDefault(query, 0);
        }

        @Override
        public CompletableFuture<QueryAnswer> query(String promQl) {
            calls.merge(promQl, 1, Integer::sum);
            return CompletableFuture.completedFuture(answers.get(promQl));
        }

        @Override
        public String describe() {
            return "prometheus http://prometheus.test:9090";
        }
    }
}
