package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.audit.AuditLog;
import dev.odpe.engine.decision.Decision;
import dev.odpe.rules.action.RollbackModel;
import java.time.Duration;

/**
 * Checks that a rollback helped: the alert that caused it must resolve within the window (the rules
 * then withdraw the {@code RollbackModel}, which the audit shows as a WITHDRAWN decision for the same
 * rule and target). If it has not, escalates with a {@code Notify} decision through the evaluation
 * loop ({@link RollbackEscalations}), decided and audited like any other.
 */
final class RollbackVerifier {

    static final String RULE = RollbackEscalations.NOT_EFFECTIVE;

    private final AuditLog audit;
    private final RollbackEscalations escalations;

    RollbackVerifier(AuditLog audit, RollbackEscalations escalations) {
        this.audit = audit;
        this.escalations = escalations;
    }

    /** Called {@code window} after the rollback of {@code decision} succeeded. */
    void verify(Decision decision, Duration window) {
        boolean resolved = !audit.find(
                        d -> d.intent() == Decision.Intent.WITHDRAWN
                                && d.rule().equals(decision.rule())
                                && d.target().equals(decision.target())
                                && d.time().isAfter(decision.time()),
                        1)
                .isEmpty();
        if (resolved) {
            return;
        }
        RollbackModel rollback = (RollbackModel) decision.action();
        escalations.escalate(
                RULE,
                rollback,
                decision.causes(),
                "rolled " + rollback.model() + " back from version " + rollback.badVersion() + " (decision "
                        + decision.id() + "), but the alert that caused it still fires " + window.toMinutes()
                        + " min later: a person must look");
    }
}
