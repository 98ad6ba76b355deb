package dev.odpe.engine.ingest.alertmanager;

import dev.odpe.engine.evaluate.EvaluationQueue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Ingest's Prometheus metrics: {@code odpe_alerts_received_total}, {@code odpe_alerts_duplicate_total},
 * {@code odpe_alerts_ignored_total{reason}}, {@code odpe_webhook_requests_total{endpoint,outcome}} and
 * the {@code odpe_evaluation_queue_depth} / {@code odpe_evaluation_queue_capacity} gauges.
 */
@Startup
@ApplicationScoped
public class IngestMetrics {

    private final MeterRegistry registry;
    private final Counter received;
    private final Counter duplicates;
    private final EvaluationQueue queue;
    private final List<Gauge> gauges;

    public IngestMetrics(MeterRegistry registry, EvaluationQueue queue) {
        this.registry = registry;
        this.received = Counter.builder("odpe.alerts.received")
                .description("Alerts in well-formed Alertmanager payloads posted for ingest")
                .register(registry);
        this.duplicates = Counter.builder("odpe.alerts.duplicate")
                .description("Alerts already handed to evaluation with the same fingerprint, startsAt and status")
                .register(registry);
        // The gauge keeps only a weak reference; this bean (application-scoped) holds the queue.
        this.gauges = List.of(
                Gauge.builder("odpe.evaluation.queue.depth", queue, EvaluationQueue::depth)
                        .description("Ingest batches waiting for the evaluation thread")
                        .register(registry),
                Gauge.builder("odpe.evaluation.queue.capacity", queue, EvaluationQueue::capacity)
                        .description("Upper bound of odpe_evaluation_queue_depth; when reached, webhooks get 503")
                        .register(registry));
        this.queue = queue;
        for (IgnoreReason reason : IgnoreReason.values()) {
            ignoredCounter(reason); // visible as 0 before the first ignored alert
        }
    }

    void received(int alerts) {
        received.increment(alerts);
    }

    void duplicates(int alerts) {
        duplicates.increment(alerts);
    }

    void ignored(IgnoreReason reason) {
        ignoredCounter(reason).increment();
    }

    private Counter ignoredCounter(IgnoreReason reason) {
        return Counter.builder("odpe.alerts.ignored")
                .description("Alerts that produced no fact, by reason")
                .tag("reason", reason.label())
                .register(registry);
    }

    void request(String endpoint, WebhookOutcome outcome) {
        Counter.builder("odpe.webhook.requests")
                .description("Webhook requests by endpoint and outcome")
                .tag("endpoint", endpoint)
                .tag("outcome", outcome.tag())
                .register(registry)
                .increment();
    }

    /**
     * A gauge outliving its bean would report a stopped engine's queue, or vanish once that is collected: in a
     * JVM that restarts the engine (tests, dev mode) the next engine's registration would find it still there.
     */
    @PreDestroy
    void removeGauges() {
        gauges.forEach(registry::remove);
    }
}
