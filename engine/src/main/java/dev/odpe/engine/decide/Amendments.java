package dev.odpe.engine.decide;

import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.ledger.Phase;
import dev.odpe.engine.ledger.RemediationLedger;
import dev.odpe.engine.ledger.StatusUpdate;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * How a decision that was {@code IN_PROGRESS} ended, recorded everywhere it is kept: the audit (the
 * in-memory entry, one more audit line, the decisions stream) and, for a live action, the phase of its
 * remediation in the ledger. Slow actuators report here, never to {@link AuditLog#amend} directly.
 */
@ApplicationScoped
public class Amendments {

    private final AuditLog audit;
    private final RemediationLedger ledger;

    public Amendments(AuditLog audit, RemediationLedger ledger) {
        this.audit = audit;
        this.ledger = ledger;
    }

    /**
     * Amends decision {@code decisionId} with its final {@code outcome}. A decision without a remediation
     * (dry-run) only amends the audit; a ledger that cannot be written is logged.
     *
     * @return false if the decision has left the audit's in-memory window (the ledger is still updated)
     */
    public boolean amend(String decisionId, Outcome outcome, String detail) {
        boolean inAudit = audit.amend(decisionId, outcome, detail);
        boolean dryRun = audit.byId(decisionId).map(Decision::dryRun).orElse(false);
        if (dryRun) {
            return inAudit; // dry-run records never touch the ledger
        }
        Phase.of(outcome)
                .ifPresent(phase ->
                        LedgerSteps.report(decisionId, ledger.update(decisionId, StatusUpdate.to(phase, detail))));
        return inAudit;
    }
}
