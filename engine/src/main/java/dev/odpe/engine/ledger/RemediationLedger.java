package dev.odpe.engine.ledger;

import java.time.Instant;

/**
 * The durable record of live actions. A live action is committed before its actuator runs; the entry's
 * name is derived from the action's idempotency key, so only the first commit of a key is
 * {@link LedgerResult.Created}: every later one, by anyone, is {@link LedgerResult.AlreadyExists}.
 * Implementations never throw: failures are {@link LedgerResult.Unavailable}. Thread-safe.
 */
public interface RemediationLedger {

    /** For the start-up log line, e.g. {@code kubernetes (Remediation objects in namespace ml-ops)}. */
    String describe();

    /** Whether entries outlive this process (the start-up rule refuses live actions without it). */
    boolean durable();

    /** Commits {@code remediation} (phase Pending) unless its idempotency key is already committed. */
    LedgerResult.Commit commit(Remediation remediation);

    /** Changes the status of the remediation of decision {@code decisionId}. */
    LedgerResult.Update update(String decisionId, StatusUpdate update);

    /**
     * Changes the status of the remediation committed under {@code idempotencyKey} (e.g. a condition when
     * the action is withdrawn, which is a decision of its own).
     */
    LedgerResult.Update updateByIdempotencyKey(String idempotencyKey, StatusUpdate update);

    /** Every entry (to rebuild caches at start). */
    LedgerResult.Listing list();

    /**
     * The entries still Pending or InProgress: work a process started and may not have finished (what a
     * new leader resumes).
     */
    default LedgerResult.Listing inFlight() {
        LedgerResult.Listing all = list();
        if (all instanceof LedgerResult.Listed listed) {
            return new LedgerResult.Listed(listed.entries().stream()
                    .filter(e -> e.status().phase().inFlight())
                    .toList());
        }
        return all;
    }

    /** Deletes finished entries (not Pending/InProgress) whose status last changed before {@code horizon}. */
    LedgerResult.Deletion deleteFinishedBefore(Instant horizon);
}
