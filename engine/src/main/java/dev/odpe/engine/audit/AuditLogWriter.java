package dev.odpe.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.config.ShutdownBudget;
import dev.odpe.engine.decision.Decision;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Writes the durable audit record — one JSON line per decision on logger {@code dev.odpe.audit} — on
 * its own thread, so JSON serialisation and console I/O never hold up the evaluation thread (they were
 * ~40% of its time under load). The hand-off queue is bounded and {@link #write} blocks when it is
 * full: back-pressure reaches ingest (503) instead of a decision going unlogged. On shutdown the queue
 * is drained before the bean goes away, after evaluation has drained into it.
 */
@ApplicationScoped
public class AuditLogWriter implements ShutdownBudget {

    private static final Logger AUDIT = Logger.getLogger("dev.odpe.audit");
    private static final Logger LOG = Logger.getLogger(AuditLogWriter.class);

    private record Entry(Decision decision, SpanContext span) {}

    private final ObjectMapper json;
    private final BlockingQueue<Entry> pending;
    private final long drainTimeoutMillis;
    private final Thread thread;
    private final MeterRegistry meters;
    private final Gauge pendingGauge;
    private volatile boolean closed;

    public AuditLogWriter(AuditConfig config, ObjectMapper json, MeterRegistry meters) {
        this.json = json;
        this.pending = new ArrayBlockingQueue<>(config.logQueueCapacity());
        this.drainTimeoutMillis = config.logDrainTimeout().toMillis();
        this.meters = meters;
        this.pendingGauge = Gauge.builder("odpe.audit.log.pending", pending, BlockingQueue::size)
                .description("Decisions recorded but not yet written to the dev.odpe.audit log")
                .register(meters);
        this.thread = new Thread(this::run, "odpe-audit-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the decision's log line; waits while the queue is full (never drops). */
    public void write(Decision decision, SpanContext span) {
        Entry entry = new Entry(decision, span);
        if (!handOff(entry)) {
            writeLine(entry); // closing, writer gone or caller interrupted: write here rather than lose the line
        }
    }

    private boolean handOff(Entry entry) {
        try {
            while (!closed && thread.isAlive()) {
                if (pending.offer(entry, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run() {
        MDC.clear(); // the MDC is inherited from whichever thread created this bean: drop its trace ids
        while (!closed || !pending.isEmpty()) {
            try {
                Entry entry = pending.poll(100, TimeUnit.MILLISECONDS);
                if (entry != null) {
                    writeLine(entry);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Writing an audit line failed; carrying on", e);
            }
        }
    }

    private void writeLine(Entry entry) {
        // The decision span is not current on this thread: put its ids in the MDC as Quarkus would.
        if (entry.span().isValid()) {
            MDC.put("traceId", entry.span().getTraceId());
            MDC.put("spanId", entry.span().getSpanId());
            MDC.put("sampled", Boolean.toString(entry.span().isSampled()));
        } else if (entry.decision().traceId() != null) {
            MDC.put("traceId", entry.decision().traceId()); // an amendment written later: the decision's trace
        }
        try {
            AUDIT.infof("decision %s", toJson(entry.decision()));
        } finally {
            MDC.remove("traceId");
            MDC.remove("spanId");
            MDC.remove("sampled");
        }
    }

    private String toJson(Decision decision) {
        try {
            return json.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            return decision.toString();
        }
    }

    @Override
    public String budgetKey() {
        return "odpe.audit.log-drain-timeout";
    }

    @Override
    public Duration budget() {
        return Duration.ofMillis(drainTimeoutMillis);
    }

    @PreDestroy
    void drain() {
        meters.remove(pendingGauge); // see IngestMetrics.removeGauges
        closed = true;
        try {
            thread.join(drainTimeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.errorf(
                    "Audit log did not drain within %d ms; %d decision lines are in the in-memory log only",
                    drainTimeoutMillis, pending.size());
        }
    }
}
