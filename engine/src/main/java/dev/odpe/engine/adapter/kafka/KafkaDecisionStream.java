package dev.odpe.engine.adapter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.audit.DecisionStream;
import dev.odpe.engine.decide.DecisionPipeline;
import dev.odpe.engine.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes every decision on the decisions topic (SmallRye channel {@code decisions}) when
 * {@code odpe.kafka.enabled}; otherwise does nothing and the channel's producer is never created
 * ({@code lazy-client}). Never blocks the evaluation thread: the emitter buffers, and
 * {@code odpe.kafka.decisions.max-in-flight} bounds what may wait for Kafka.
 */
@ApplicationScoped
public class KafkaDecisionStream implements DecisionStream {

    private final KafkaConfig config;
    private final DecisionEvents events;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter published;
    private final Counter failed;

    /** Bounded by {@link #inFlight}, not by the emitter, so a full buffer is a counted failure, not an exception. */
    @Inject
    @Channel("decisions")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<byte[]> emitter;

    public KafkaDecisionStream(KafkaConfig config, ObjectMapper json, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.events = new DecisionEvents(
                json, config.decisions().source(), config.decisions().contentMode(), clock);
        this.published = Counter.builder("odpe.kafka.decisions.published")
                .description("Decisions (and amendments) acknowledged by Kafka on the decisions topic")
                .register(meters);
        this.failed = Counter.builder("odpe.kafka.decisions.failed")
                .description("Decisions that could not be published on the decisions topic (see logs)")
                .register(meters);
        Gauge.builder("odpe.kafka.decisions.in.flight", inFlight, AtomicInteger::get)
                .description("Decisions handed to the Kafka producer and not yet acknowledged")
                .register(meters);
    }

    @Override
    public CompletionStage<Void> publish(Decision decision, SpanContext span, boolean amendment) {
        if (!config.enabled()) {
            return DecisionPipeline.PUBLISHED;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (inFlight.incrementAndGet() > config.decisions().maxInFlight()) {
            done.completeExceptionally(new IllegalStateException(config.decisions()
                            .maxInFlight() + " decisions already wait for Kafka (odpe.kafka.decisions.max-in-flight)"));
        } else {
            send(decision, span, amendment, done);
        }
        done.whenComplete((ok, error) -> settle(decision, error));
        return done;
    }

    private void send(Decision decision, SpanContext span, boolean amendment, CompletableFuture<Void> done) {
        try {
            ProducerRecord<String, byte[]> record =
                    events.record(config.topics().decisions(), decision, span, amendment);
            Message<byte[]> message = Message.of(record.value())
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(record.key())
                            .withHeaders(record.headers())
                            .build())
                    .withAck(() -> {
                        done.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(error -> {
                        done.completeExceptionally(error);
                        return CompletableFuture.completedFuture(null);
                    });
            emitter.send(message);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private void settle(Decision decision, Throwable error) {
        inFlight.decrementAndGet();
        if (error == null) {
            published.increment();
            return;
        }
        failed.increment();
        Log.errorf(
                "Decision %s (%s on %s, %s) was not published on topic %s: %s. It stays in the audit log; "
                        + "if it came from a Kafka drift event, that event is not acknowledged and is read again "
                        + "after a restart",
                decision.id(),
                decision.action().type(),
                decision.target(),
                decision.outcome(),
                config.topics().decisions(),
                error.getMessage());
    }
}
