package dev.odpe.engine.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.FactChanges;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.engine.ingest.SeenAlerts;
import dev.odpe.engine.ingest.WebhookConfig;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.rules.runtime.RuleSession;
import dev.odpe.testsupport.AlertmanagerPayloads;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alertmanager re-sends of a firing alert, from the webhook's ingest to a real rule session of the
 * bundled pack, on a clock the test moves: what a repeat does to the fact's 26 h expiry.
 */
class RepeatedAlertExpiryTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Duration TTL = Duration.ofHours(26);
    private static final Duration REPEAT_INTERVAL = Duration.ofHours(4);

    private final MutableClock clock = new MutableClock(T0);
    private final List<IngestBatch> queued = new ArrayList<>();
    private final RuleSession session = RulePackCompiler.bundled().newSession(RulePackSettings.DEFAULTS);
    private final WebhookPayloadParser parser = new WebhookPayloadParser(
            new ObjectMapper().registerModule(new JavaTimeModule()),
            Validation.buildDefaultValidatorFactory().getValidator());
    private final AlertIngestion ingestion = ingestion();

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void anAlertRepeatedEveryFourHoursForThirtyHoursKeepsItsIntentAndIsNotDecidedAgain() {
        // Given a latency alert that fired at T0 and boosted its pool
        String firing = AlertmanagerPayloads.firing(
                "ffff000000000001",
                T0.toString(),
                Map.of(
                        "alertname",
                        "TritonP99LatencyHigh",
                        "signal",
                        "latency",
                        "namespace",
                        "ml-serving",
                        "pool",
                        "repeat-expiry",
                        "severity",
                        "page"));
        ingestion.ingest(parser.parse(firing.getBytes(StandardCharsets.UTF_8)));
        assertThat(evaluate()).singleElement().isInstanceOf(RuleOutcome.Emitted.class);

        // When Alertmanager keeps re-sending it every repeat_interval for 30 hours, never resolving it
        List<RuleOutcome> later = new ArrayList<>();
        while (clock.instant().isBefore(T0.plus(Duration.ofHours(30)))) {
            clock.advance(REPEAT_INTERVAL);
            later.addAll(evaluate()); // the clock passes first: an expiry would show up here
            ingestion.ingest(parser.parse(firing.getBytes(StandardCharsets.UTF_8)));
            later.addAll(evaluate());
        }

        // Then the boost is neither withdrawn (the fact never expired) nor emitted again, and the alert is live
        assertThat(later).isEmpty();
        assertThat(session.firingAlert("ffff000000000001")).isPresent();
    }

    /** What the evaluation thread does per turn: move the clock, apply the queued changes, fire the rules. */
    private List<RuleOutcome> evaluate() {
        session.advanceTo(clock.instant());
        for (IngestBatch batch : queued) {
            for (AlertChange change : batch.changes()) {
                FactChanges.apply(session, change);
            }
        }
        queued.clear();
        return session.evaluate();
    }

    private AlertIngestion ingestion() {
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
        WebhookConfig config = ConfigStub.of(WebhookConfig.class, Map.of("retryAfter", Duration.ofSeconds(5)));
        return new AlertIngestion(
                new SeenAlerts(100, TTL, clock),
                queue,
                new IngestMetrics(new SimpleMeterRegistry(), queue),
                clock,
                config);
    }
}
