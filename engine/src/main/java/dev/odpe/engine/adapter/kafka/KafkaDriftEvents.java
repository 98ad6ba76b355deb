package dev.odpe.engine.adapter.kafka;

import dev.odpe.engine.config.ShutdownBudget;
import dev.odpe.engine.config.ShutdownOrder;
import dev.odpe.engine.evaluate.BatchCallback;
import dev.odpe.engine.ingest.drift.DriftIngestion;
import dev.odpe.engine.ingest.drift.DriftIngestion.Admission;
import dev.odpe.engine.ingest.drift.EventTrace;
import dev.odpe.engine.ingest.drift.RejectedEvent;
import io.cloudevents.CloudEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.reactive.messaging.TracingMetadata;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Drift CloudEvents from the drift-events topic (SmallRye channel {@code drift-events}) into
 * evaluation, at least once:
 * <ol>
 *   <li>read the CloudEvent with the SDK's Kafka binding (binary {@code ce_*} headers or structured);</li>
 *   <li>offer it to evaluation, waiting (and reading nothing further) while the evaluation queue is full
 *       or {@code odpe.kafka.max-unacknowledged} earlier records still await their decisions' publication;</li>
 *   <li>acknowledge only once it was evaluated and every decision it caused is on the decisions topic,
 *       so the committed offset never passes an event whose effect could still be lost;</li>
 *   <li>a record that can never be evaluated goes to the dead-letter topic with header
 *       {@value #REASON_HEADER}, and its partition moves on.</li>
 * </ol>
 * Nothing is subscribed unless {@code odpe.kafka.enabled}: the channel's consumer is lazy, so no
 * client is created and no connection is tried.
 */
@ApplicationScoped
public class KafkaDriftEvents implements ShutdownBudget {

    /** Dead-letter header: a {@link RejectedEvent.Reason} name, {@value #EVALUATION_FAILED} or {@value #INGEST_FAILED}. */
    public static final String REASON_HEADER = "odpe-reason";

    public static final String EVALUATION_FAILED = "EVALUATION_FAILED";
    /** A bug on the way to evaluation; the record is set aside instead of stopping the stream. */
    public static final String INGEST_FAILED = "INGEST_FAILED";
    /** After the evaluation loop opened its queue (default observer priority 2500). */
    private static final int AFTER_EVALUATION_STARTED = 3000;

    private final KafkaConfig config;
    private final DriftIngestion ingestion;
    private final Counter deadLettered;
    private final Counter unpublished;
    private final Counter refusals;
    private final Counter pauses;
    private final UnacknowledgedRecords unacknowledged;
    private volatile Cancellable subscription;

    @Inject
    @Channel("drift-events")
    Multi<Message<byte[]>> records;

    public KafkaDriftEvents(KafkaConfig config, DriftIngestion ingestion, MeterRegistry meters) {
        this.config = config;
        this.ingestion = ingestion;
        this.deadLettered = Counter.builder("odpe.kafka.drift.dead.lettered")
                .description("Drift records sent to the dead-letter topic")
                .register(meters);
        this.unpublished = Counter.builder("odpe.kafka.drift.unacknowledged")
                .description("Drift records left unacknowledged because a decision they caused was not "
                        + "published; read again after a restart")
                .register(meters);
        this.refusals = Counter.builder("odpe.kafka.drift.refusals")
                .description("Times a drift record waited because evaluation could not take it")
                .register(meters);
        this.pauses = Counter.builder("odpe.kafka.drift.pauses")
                .description("Times reading waited because odpe.kafka.max-unacknowledged records still awaited "
                        + "their decisions' publication")
                .register(meters);
        this.unacknowledged = new UnacknowledgedRecords(config.maxUnacknowledged());
        Gauge.builder("odpe.kafka.drift.pending", unacknowledged, UnacknowledgedRecords::count)
                .description("Drift records handed to evaluation and not yet acknowledged")
                .register(meters);
    }

    void start(@Observes @Priority(AFTER_EVALUATION_STARTED) StartupEvent event) {
        if (!config.enabled()) {
            Log.info("Kafka is off (odpe.kafka.enabled=false): drift events over HTTP only, decisions not published");
            return;
        }
        Log.infof(
                "Reading drift events from Kafka topic %s (group %s); decisions go to %s, dead letters to %s",
                config.topics().driftEvents(),
                config.groupId(),
                config.topics().decisions(),
                config.topics().deadLetters());
        subscription = records.onItem()
                .transformToUniAndConcatenate(this::ingestSafely)
                .subscribe()
                .with(
                        ignored -> {},
                        failure -> Log.errorf(
                                failure, "The drift-events stream stopped; no further drift events are read"));
    }

    /**
     * After evaluation drained (its observer runs first) and before SmallRye closes the consumer: wait for
     * the decisions still on their way to Kafka, so their records are acknowledged and the final commit
     * covers everything this engine decided. A restart then reads nothing again.
     */
    void stop(@Observes @Priority(ShutdownOrder.AFTER_EVALUATION_DRAINED) ShutdownEvent event)
            throws InterruptedException {
        if (subscription == null || unacknowledged.count() == 0) {
            return;
        }
        Log.infof(
                "Waiting up to %s for the decisions of %d drift records to reach Kafka",
                config.publishDrainTimeout(), unacknowledged.count());
        if (!unacknowledged.awaitNone(config.publishDrainTimeout())) {
            Log.warnf(
                    "%d drift records were not acknowledged within %s (odpe.kafka.publish-drain-timeout); they "
                            + "are read again after the restart, and what they decided is recognised as a duplicate",
                    unacknowledged.count(), config.publishDrainTimeout());
        }
    }

    @Override
    public String budgetKey() {
        return "odpe.kafka.publish-drain-timeout";
    }

    @Override
    public Duration budget() {
        return config.enabled() ? config.publishDrainTimeout() : Duration.ZERO;
    }

    boolean isConsuming() {
        return subscription != null;
    }

    /** Records handed to evaluation and not yet acknowledged. */
    int pending() {
        return unacknowledged.count();
    }

    /** One record never ends the stream: an unexpected failure dead-letters it and the next is read. */
    private Uni<Void> ingestSafely(Message<byte[]> record) {
        return Uni.createFrom().deferred(() -> ingest(record)).onFailure().recoverWithUni(bug -> {
            Log.errorf(
                    bug,
                    "Drift record could not be ingested; sent to %s",
                    config.topics().deadLetters());
            return deadLetter(record, INGEST_FAILED, bug);
        });
    }

    private Uni<Void> ingest(Message<byte[]> record) {
        CloudEvent event;
        try {
            event = KafkaRecords.cloudEvent(record);
        } catch (RejectedEvent e) {
            return deadLetter(record, e.reason().name(), e);
        }
        Context transport = TracingMetadata.fromMessage(record)
                .map(TracingMetadata::getCurrentContext)
                .orElse(Context.current());
        boolean traceHeader = KafkaRecords.headers(record).lastHeader("traceparent") != null;
        return offer(record, event, EventTrace.parentOf(event, transport, traceHeader));
    }

    /** Waits while {@code odpe.kafka.max-unacknowledged} records await their decisions, then admits. */
    private Uni<Void> offer(Message<byte[]> record, CloudEvent event, Context trace) {
        CompletionStage<Void> permit = unacknowledged.acquire();
        if (permit.toCompletableFuture().isDone()) {
            return admit(record, event, trace);
        }
        pauses.increment();
        // The permit is freed on a Kafka producer thread: continue elsewhere, never on the client's I/O thread.
        return Uni.createFrom()
                .completionStage(permit)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .onItem()
                .transformToUni(ignored -> admit(record, event, trace));
    }

    /** Holds the record's permit; every way out but {@code Accepted} (whose callback frees it) frees it here. */
    private Uni<Void> admit(Message<byte[]> record, CloudEvent event, Context trace) {
        Admission admission;
        try {
            admission =
                    ingestion.admit(event, KafkaRecords.timestamp(record), trace, new AcknowledgeWhenPublished(record));
        } catch (RuntimeException bug) {
            unacknowledged.release(); // ingestSafely dead-letters the record; its permit must not leak
            throw bug;
        }
        if (admission instanceof Admission.Accepted) {
            return Uni.createFrom().voidItem(); // the callback settles the record and frees its permit
        }
        unacknowledged.release();
        if (admission instanceof Admission.Duplicate) {
            return Uni.createFrom().completionStage(record.ack());
        }
        if (admission instanceof Admission.Rejected rejected) {
            return deadLetter(record, rejected.error().reason().name(), rejected.error());
        }
        refusals.increment(); // back-pressure: this record waits, and no further record is read meanwhile
        return Uni.createFrom()
                .voidItem()
                .onItem()
                .delayIt()
                .by(config.offerRetry())
                .onItem()
                .transformToUni(ignored -> offer(record, event, trace));
    }

    private Uni<Void> deadLetter(Message<byte[]> record, String reason, Throwable cause) {
        deadLettered.increment();
        return Uni.createFrom().completionStage(KafkaRecords.nackToDeadLetters(record, reason, cause));
    }

    /** Acknowledges the record once its decisions are published; leaves it unacknowledged otherwise. */
    private final class AcknowledgeWhenPublished implements BatchCallback {

        private final Message<byte[]> record;

        AcknowledgeWhenPublished(Message<byte[]> record) {
            this.record = record;
        }

        @Override
        public void evaluated(CompletionStage<Void> published) {
            published.whenComplete((ok, error) -> {
                if (error == null) {
                    record.ack();
                } else {
                    unpublished.increment(); // not acked: the commit stops here and a restart reads it again
                }
                unacknowledged.release();
            });
        }

        @Override
        public void failed(RuntimeException error) {
            deadLettered.increment();
            KafkaRecords.nackToDeadLetters(record, EVALUATION_FAILED, error);
            unacknowledged.release();
        }
    }
}
