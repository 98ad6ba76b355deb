package dev.odpe.engine.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.ScalePool;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuditLogWriterTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "b7ad6b7169203331";

    private final Logger auditLogger = Logger.getLogger("dev.odpe.audit");
    private final CapturingHandler lines = new CapturingHandler();
    private AuditLogWriter writer;

    @BeforeEach
    void captureAuditLines() {
        auditLogger.addHandler(lines);
    }

    @AfterEach
    void stopCapturing() {
        if (writer != null) {
            writer.drain();
        }
        auditLogger.removeHandler(lines);
    }

    @Test
    void linesAreWrittenInDecisionOrderCarryingTheDecisionSpanIds() {
        // Given a writer
        writer = writer(100);

        // When three decisions are recorded
        for (int i = 0; i < 3; i++) {
            writer.write(decision("d-" + i), span());
        }

        // Then three JSON lines follow, in order, with the decision span's ids in the MDC
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.records.size() == 3);
        assertThat(lines.records)
                .extracting(LogRecord::getMessage)
                .allSatisfy(m -> assertThat(m).startsWith("decision {\"id\":\"d-"))
                .satisfies(m -> assertThat(m.get(2)).contains("\"id\":\"d-2\""));
        assertThat(lines.records).allSatisfy(r -> {
            assertThat(((ExtLogRecord) r).getMdc("traceId")).isEqualTo(TRACE);
            assertThat(((ExtLogRecord) r).getMdc("spanId")).isEqualTo(SPAN);
        });
    }

    @Test
    void aFullQueueMakesTheCallerWaitInsteadOfDroppingALine() throws Exception {
        // Given a writer with room for one pending line, whose log output is stuck
        writer = writer(1);
        lines.blockUntilReleased();
        Thread evaluation = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                writer.write(decision("d-" + i), span());
            }
        });

        // When more decisions arrive than fit
        evaluation.start();

        // Then the caller waits; once the output moves again every line is written
        await().atMost(Duration.ofSeconds(5)).until(() -> evaluation.getState() == Thread.State.TIMED_WAITING);
        assertThat(evaluation.isAlive()).isTrue();
        lines.release();
        evaluation.join(TimeUnit.SECONDS.toMillis(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> lines.records.size() == 5);
    }

    @Test
    void shutdownWritesEveryPendingLineBeforeReturning() {
        // Given a writer holding many pending lines
        writer = writer(10_000);
        for (int i = 0; i < 2_000; i++) {
            writer.write(decision("d-" + i), span());
        }

        // When the engine shuts down
        writer.drain();

        // Then none is lost
        assertThat(lines.records).hasSize(2_000);
        writer = null;
    }

    private static AuditLogWriter writer(int capacity) {
        AuditConfig config = ConfigStub.of(
                AuditConfig.class, Map.of("logQueueCapacity", capacity, "logDrainTimeout", Duration.ofSeconds(10)));
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
        return new AuditLogWriter(config, json, new SimpleMeterRegistry());
    }

    private static SpanContext span() {
        return SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
    }

    private static Decision decision(String id) {
        ScalePool action = new ScalePool("ml", "a100", 2, Duration.ofMinutes(15), 8, "latency");
        return new Decision(
                id,
                Instant.parse("2026-11-28T10:00:00Z"),
                "latency-breach-scales-pool",
                "sha256:abc",
                Decision.Intent.EMITTED,
                List.of("fp-1"),
                action,
                action.target().key(),
                "key",
                true,
                Outcome.DRY_RUN,
                "dry-run",
                TRACE);
    }

    private static final class CapturingHandler extends Handler {
        final List<LogRecord> records = new CopyOnWriteArrayList<>();
        private volatile CountDownLatch gate = new CountDownLatch(0);

        void blockUntilReleased() {
            gate = new CountDownLatch(1);
        }

        void release() {
            gate.countDown();
        }

        @Override
        public void publish(LogRecord record) {
            try {
                gate.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ((ExtLogRecord) record).copyMdc(); // as an async handler would: the MDC is the writer thread's
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
