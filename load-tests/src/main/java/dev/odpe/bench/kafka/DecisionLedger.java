package dev.odpe.bench.kafka;

import java.util.BitSet;
import org.HdrHistogram.Histogram;

/**
 * Bookkeeping for one block of consecutive events ({@code firstSeq} .. {@code firstSeq + size - 1}):
 * when each was due, which were produced, which got a decision and how long after its due time. Written
 * by the producer (its send thread and callbacks) and the decisions consumer at once, hence synchronized;
 * a few thousand calls a second do not contend.
 */
public final class DecisionLedger {

    private final long firstSeq;
    private final long[] dueMillis;
    private final BitSet sent = new BitSet();
    private final BitSet failed = new BitSet();
    private final BitSet decided = new BitSet();
    private final Histogram latencyMillis = new Histogram(3_600_000L, 3);
    private long duplicates;
    private long firstDecisionMillis = Long.MAX_VALUE;
    private long lastDecisionMillis = Long.MIN_VALUE;

    public DecisionLedger(long firstSeq, int size) {
        this.firstSeq = firstSeq;
        this.dueMillis = new long[size];
    }

    public boolean owns(long seq) {
        return seq >= firstSeq && seq < firstSeq + dueMillis.length;
    }

    /** Called before the record is handed to the producer, so a fast decision never finds it unknown. */
    public synchronized void sent(long seq, long dueEpochMillis) {
        int i = index(seq);
        dueMillis[i] = dueEpochMillis;
        sent.set(i);
    }

    /** The producer could not write it: no decision is expected, and none counts as missing. */
    public synchronized void failed(long seq) {
        failed.set(index(seq));
    }

    /**
     * A decision record for {@code seq} appended at {@code recordMillis} (the decisions topic's
     * LogAppendTime). Returns false when the event is not in this block.
     */
    public synchronized boolean decided(long seq, long recordMillis) {
        if (!owns(seq)) {
            return false;
        }
        int i = index(seq);
        if (decided.get(i)) {
            duplicates++; // a redelivered event decided twice: at-least-once showing through
            return true;
        }
        decided.set(i);
        if (sent.get(i)) {
            latencyMillis.recordValue(Math.max(0, recordMillis - dueMillis[i]));
        }
        firstDecisionMillis = Math.min(firstDecisionMillis, recordMillis);
        lastDecisionMillis = Math.max(lastDecisionMillis, recordMillis);
        return true;
    }

    public synchronized long produced() {
        BitSet ok = (BitSet) sent.clone();
        ok.andNot(failed);
        return ok.cardinality();
    }

    public synchronized long failedCount() {
        return failed.cardinality();
    }

    public synchronized long decidedCount() {
        return decided.cardinality();
    }

    /** Produced without error and not (yet) decided. */
    public synchronized long missing() {
        BitSet open = (BitSet) sent.clone();
        open.andNot(failed);
        open.andNot(decided);
        return open.cardinality();
    }

    public synchronized long duplicates() {
        return duplicates;
    }

    public synchronized boolean complete() {
        return missing() == 0;
    }

    /** Due time → decision on the topic, milliseconds (a copy). */
    public synchronized Histogram latencyMillis() {
        return latencyMillis.copy();
    }

    public synchronized long firstDecisionMillis() {
        return firstDecisionMillis;
    }

    public synchronized long lastDecisionMillis() {
        return lastDecisionMillis;
    }

    private int index(long seq) {
        if (!owns(seq)) {
            throw new IllegalArgumentException("event " + seq + " is not in this ledger");
        }
        return (int) (seq - firstSeq);
    }
}
