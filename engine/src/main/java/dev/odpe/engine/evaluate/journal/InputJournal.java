package dev.odpe.engine.evaluate.journal;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.decision.AlertProvenance;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.journal.InputRecord;
import dev.odpe.rules.journal.JournalJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Records every input the evaluation thread evaluated, in order and with the evaluation clock it was
 * evaluated at, as one JSON line each (schema {@code odpe.input/1}, docs/input-journal.md) on logger
 * {@code dev.odpe.input} and on the {@link JournalStream}. Enough to replay the engine's decisions
 * through a pack with {@code odpe-rules replay}.
 *
 * <p>Unlike the audit log, the journal never holds up evaluation: the evaluation thread only builds
 * the record and offers it to a bounded queue; serialisation and I/O happen on the journal's own
 * thread. When the queue is full the record is dropped and counted, and the next record that fits is
 * preceded by a {@code gap} record naming how many were lost, so a replay knows it may differ.
 *
 * <p>Only the evaluation thread calls {@link #start}, {@link #changes} and {@link #tick}.
 */
@ApplicationScoped
public class InputJournal {

    private static final Logger INPUT = Logger.getLogger("dev.odpe.input");
    private static final Logger LOG = Logger.getLogger(InputJournal.class);
    private static final long DRAIN_TIMEOUT_MILLIS = 5_000;

    private final boolean enabled;
    private final JournalStream stream;
    private final BlockingQueue<InputRecord> pending;
    private final Counter dropped;
    private final MeterRegistry meters;
    private final Gauge pendingGauge;
    private final Thread thread;
    private volatile boolean closed;

    /** Records offered so far, numbering them (dropped ones are not numbered: a gap record counts them). */
    private long seq;

    /** Records dropped since the last gap record. Evaluation thread only, like {@link #seq}. */
    private long lost;

    public InputJournal(JournalConfig config, JournalStream stream, MeterRegistry meters) {
        this.enabled = config.enabled();
        this.stream = stream;
        this.pending = new ArrayBlockingQueue<>(config.queueCapacity() + 1); // + the slot kept for a gap record
        this.meters = meters;
        this.dropped = Counter.builder("odpe.journal.records.dropped")
                .description("Input journal records dropped because the journal's queue was full (see the gap records)")
                .register(meters);
        this.pendingGauge = Gauge.builder("odpe.journal.pending", pending, BlockingQueue::size)
                .description("Input journal records evaluated but not yet written")
                .register(meters);
        this.thread = new Thread(this::run, "odpe-input-journal");
        thread.setDaemon(true);
        if (enabled) {
            thread.start();
        }
    }

    /** A new rule session: working memory is empty from here. */
    public void start(Instant clock, String packVersion, RulePackSettings settings, Duration tick) {
        if (enabled) {
            offer(InputRecord.start(0, clock, packVersion, settings, tick));
        }
    }

    /**
     * The changes of one evaluation step, before they are applied.
     *
     * @param reconciled the changes were computed against a source of truth's snapshot
     * @param replayed   facts replayed at start-up: nothing is decided on them
     * @param provenance empty, or for each change the alert as received (labels, annotations, endsAt)
     */
    public void changes(
            long step,
            Instant clock,
            String source,
            boolean reconciled,
            boolean replayed,
            List<AlertChange> changes,
            List<AlertProvenance> provenance) {
        if (!enabled) {
            return;
        }
        InputRecord.Flags flags = new InputRecord.Flags(reconciled, replayed);
        for (int i = 0; i < changes.size(); i++) {
            InputRecord record = record(step, clock, source, flags, changes.get(i));
            if (i < provenance.size()) {
                AlertProvenance received = provenance.get(i);
                record = record.withProvenance(received.labels(), received.annotations(), received.endsAt());
            }
            offer(record);
        }
    }

    /** A step without changes whose clock move made the rules produce outcomes (an expiry, a closing window). */
    public void tick(long step, Instant clock, int outcomes) {
        if (enabled) {
            offer(InputRecord.tick(0, step, clock, outcomes));
        }
    }

    private InputRecord record(long step, Instant clock, String source, InputRecord.Flags flags, AlertChange change) {
        if (change instanceof AlertChange.Fired fired) {
            return InputRecord.fired(0, step, clock, source, false, fired.signal(), flags);
        }
        if (change instanceof AlertChange.Refreshed refreshed) {
            return InputRecord.fired(0, step, clock, source, true, refreshed.signal(), flags);
        }
        AlertChange.Resolved resolved = (AlertChange.Resolved) change;
        return InputRecord.resolved(0, step, clock, source, resolved.fingerprint(), resolved.startsAt(), flags);
    }

    /**
     * Never waits: a full queue loses the record, and the next one that fits is preceded by a gap record
     * saying how many were lost. One slot beyond the capacity is kept for that gap record; this thread is
     * the only producer, so free slots seen here stay free until it offers.
     */
    private void offer(InputRecord record) {
        if (closed) {
            return;
        }
        if (pending.remainingCapacity() <= 1) {
            drop();
            return;
        }
        if (lost > 0) {
            pending.offer(InputRecord.gap(++seq, record.clock(), lost));
            lost = 0;
        }
        pending.offer(record.withSeq(++seq));
    }

    private void drop() {
        lost++;
        dropped.increment();
    }

    private void run() {
        MDC.clear(); // inherited from whichever thread created this bean
        while (!closed || !pending.isEmpty()) {
            try {
                InputRecord record = pending.poll(100, TimeUnit.MILLISECONDS);
                if (record != null) {
                    write(record);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("Writing an input journal line failed; carrying on", e);
            }
        }
    }

    private void write(InputRecord record) {
        String line = JournalJson.line(record);
        INPUT.info(line);
        stream.publish(line);
    }

    @PreDestroy
    void drain() {
        meters.remove(pendingGauge); // see IngestMetrics.removeGauges
        closed = true;
        if (!enabled) {
            return;
        }
        try {
            thread.join(DRAIN_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.errorf(
                    "Input journal did not drain within %d ms; %d records were not written",
                    DRAIN_TIMEOUT_MILLIS, pending.size());
        }
    }
}
