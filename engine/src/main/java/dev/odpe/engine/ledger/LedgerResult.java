package dev.odpe.engine.ledger;

import java.util.List;

/** What the ledger answered; failures are data, never exceptions across this boundary. */
public final class LedgerResult {

    private LedgerResult() {}

    /** The answer to {@link RemediationLedger#commit}. */
    public sealed interface Commit permits Created, AlreadyExists, Unavailable {}

    /** The answer to {@link RemediationLedger#update}. */
    public sealed interface Update permits Updated, NotFound, Unavailable {}

    /** The answer to {@link RemediationLedger#list} and {@link RemediationLedger#inFlight}. */
    public sealed interface Listing permits Listed, Unavailable {}

    /** The answer to {@link RemediationLedger#deleteFinishedBefore}. */
    public sealed interface Deletion permits Deleted, Unavailable {}

    /** The remediation is committed: act. */
    public record Created(LedgerEntry entry) implements Commit {}

    /**
     * A remediation with this idempotency key is already there (committed by this process earlier, before
     * a restart, or by another replica): do not act.
     */
    public record AlreadyExists(String name, Phase phase, String holder, String decisionId) implements Commit {

        /** For the decision's detail: which remediation, in which phase, held by whom. */
        public String describe() {
            return "Remediation " + name + " already exists (phase " + phase + ", holder "
                    + (holder == null || holder.isEmpty() ? "unknown" : holder) + ", decision " + decisionId + ")";
        }
    }

    /** The ledger could not answer; nothing was stored. {@code transientFailure}: a retry may succeed. */
    public record Unavailable(String reason, boolean transientFailure) implements Commit, Update, Listing, Deletion {}

    public record Updated(LedgerEntry entry) implements Update {}

    /** No remediation belongs to this decision (a dry-run or suppressed decision, or one already deleted). */
    public record NotFound(String decisionId) implements Update {}

    public record Listed(List<LedgerEntry> entries) implements Listing {

        public Listed {
            entries = List.copyOf(entries);
        }
    }

    public record Deleted(int count) implements Deletion {}
}
