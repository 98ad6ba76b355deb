package dev.odpe.engine.evaluate;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.decision.AlertProvenance;
import dev.odpe.rules.runtime.RuleOutcome;
import io.opentelemetry.context.Context;
import java.time.Instant;
import java.util.List;

/**
 * Alert changes that arrived together (one webhook call, one Kafka record), evaluated together, in order.
 *
 * @param source     where they came from, e.g. {@code alertmanager}; used in logs and spans
 * @param receivedAt when ingest accepted them
 * @param changes    the changes, in payload order
 * @param trace      the ingest span's context, so decision spans link back to the webhook or record
 * @param callback   told when the batch is evaluated and its decisions published
 * @param replay     facts decided on before this process started (read back from Kafka at start-up):
 *                   they rebuild working memory, and what the rules emit for them is not decided again
 * @param snapshot   null for a batch of changes; otherwise a source of truth's firing alerts, whose
 *                   changes the evaluation thread computes against working memory ({@link Reconciliation})
 * @param outcomes   rule-less outcomes an adapter submits (e.g. an escalation {@code Notify} when a rollback
 *                   gave up): decided on the evaluation thread after the rules' own, through the same
 *                   pipeline (plan, cooldown and idempotency, execute or dry-run, audit); empty for ingest
 * @param provenance empty, or for each of {@code changes} (same order) the alert as received, for the input
 *                   journal; not evaluated
 */
public record IngestBatch(
        String source,
        Instant receivedAt,
        List<AlertChange> changes,
        Context trace,
        BatchCallback callback,
        boolean replay,
        FiringSnapshot snapshot,
        List<RuleOutcome> outcomes,
        List<AlertProvenance> provenance) {

    public IngestBatch {
        changes = List.copyOf(changes);
        outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
        provenance = provenance == null || provenance.size() != changes.size() ? List.of() : List.copyOf(provenance);
        trace = trace == null ? Context.root() : trace;
        callback = callback == null ? BatchCallback.NONE : callback;
    }

    /** A batch of changes, live or replayed. */
    public IngestBatch(
            String source,
            Instant receivedAt,
            List<AlertChange> changes,
            Context trace,
            BatchCallback callback,
            boolean replay) {
        this(source, receivedAt, changes, trace, callback, replay, null, List.of(), List.of());
    }

    /** A reconciliation of working memory against a source of truth's firing alerts. */
    public static IngestBatch reconcile(
            String source, Instant receivedAt, FiringSnapshot snapshot, BatchCallback callback) {
        return new IngestBatch(
                source, receivedAt, List.of(), Context.root(), callback, false, snapshot, List.of(), List.of());
    }

    /**
     * Outcomes no rule produced, submitted by an adapter to be decided like the rules' own: no alert
     * changes; their causes are fingerprints, enriched from working memory while the alerts still fire.
     */
    public static IngestBatch decide(
            String source, Instant receivedAt, List<RuleOutcome> outcomes, BatchCallback callback) {
        return new IngestBatch(
                source, receivedAt, List.of(), Context.root(), callback, false, null, outcomes, List.of());
    }

    /** A live batch whose source is told when it is done. */
    public IngestBatch(
            String source, Instant receivedAt, List<AlertChange> changes, Context trace, BatchCallback callback) {
        this(source, receivedAt, changes, trace, callback, false);
    }

    /** A live batch whose source needs no word back, with each change's alert as received. */
    public IngestBatch(
            String source,
            Instant receivedAt,
            List<AlertChange> changes,
            Context trace,
            List<AlertProvenance> provenance) {
        this(source, receivedAt, changes, trace, BatchCallback.NONE, false, null, List.of(), provenance);
    }

    /** A live batch whose source needs no word back (HTTP answered when it was queued). */
    public IngestBatch(String source, Instant receivedAt, List<AlertChange> changes, Context trace) {
        this(source, receivedAt, changes, trace, BatchCallback.NONE, false);
    }
}
