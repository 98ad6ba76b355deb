package dev.odpe.engine.adapter.kafka;

import dev.odpe.engine.evaluate.journal.JournalConfig;
import dev.odpe.engine.evaluate.journal.JournalStream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes the input journal on the inputs topic (SmallRye channel {@code inputs}) when
 * {@code odpe.kafka.enabled}: each record's JSON line as the value, all under one key (the engine's
 * {@code odpe.kafka.decisions.source}) so that they stay in one partition, in journal order. Off: does
 * nothing, and the channel's producer is never created. Never waits for Kafka: beyond
 * {@code odpe.journal.queue-capacity} records in flight, a record is not published (counted, logged once
 * per run of failures); the log keeps it.
 */
@ApplicationScoped
public class KafkaJournalStream implements JournalStream {

    private final KafkaConfig config;
    private final String key;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter failed;
    private volatile boolean failing;

    /** Bounded by {@link #inFlight}, not by the emitter, so a full buffer is a counted failure, not an exception. */
    @Inject
    @Channel("inputs")
    @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER)
    Emitter<String> emitter;

    public KafkaJournalStream(KafkaConfig config, JournalConfig journal, MeterRegistry meters) {
        this.config = config;
        this.key = config.decisions().source().toString();
        this.maxInFlight = journal.queueCapacity();
        this.failed = Counter.builder("odpe.kafka.inputs.failed")
                .description("Input journal records not published on the inputs topic (they stay in the log)")
                .register(meters);
    }

    @Override
    public void publish(String line) {
        if (!config.enabled()) {
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            settle(new IllegalStateException(maxInFlight + " journal records already wait for Kafka"));
            return;
        }
        try {
            emitter.send(Message.of(line)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                            .withKey(key)
                            .build())
                    .withAck(() -> {
                        settle(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(error -> {
                        settle(error);
                        return CompletableFuture.completedFuture(null);
                    }));
        } catch (RuntimeException e) {
            settle(e);
        }
    }

    private void settle(Throwable error) {
        inFlight.decrementAndGet();
        if (error == null) {
            failing = false;
            return;
        }
        failed.increment();
        if (!failing) {
            failing = true;
            Log.errorf(
                    "Input journal records are not reaching topic %s (%s); they stay in the dev.odpe.input log",
                    config.topics().inputs(), error.getMessage());
        }
    }
}
