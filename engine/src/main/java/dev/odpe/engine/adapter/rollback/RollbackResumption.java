package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.leader.Leadership;
import dev.odpe.engine.ledger.LedgerEntry;
import dev.odpe.engine.ledger.LedgerResult;
import dev.odpe.engine.ledger.RemediationLedger;
import dev.odpe.rules.action.RollbackModel;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;

/**
 * Picks up the rollbacks a previous leader started and did not see end: every {@code RollbackModel}
 * remediation still Pending or InProgress in the ledger is resumed when this replica starts deciding (at
 * start for the sole leader, on gaining the lease otherwise). Resuming reads Argo CD first, so one whose
 * operation ended meanwhile is only recorded, never requested again.
 */
@ApplicationScoped
class RollbackResumption {

    /** What resuming one rollback means; {@link RollbackModelExecutor#resume} in the engine. */
    @FunctionalInterface
    interface Resumer {
        boolean resume(String decisionId, RollbackModel action, List<String> causes, Instant startedAt, int attempts);
    }

    private final RemediationLedger ledger;
    private final Leadership leadership;
    private final Resumer resumer;

    @Inject
    RollbackResumption(RemediationLedger ledger, Leadership leadership, RollbackModelExecutor rollbacks) {
        this(ledger, leadership, rollbacks::resume);
    }

    RollbackResumption(RemediationLedger ledger, Leadership leadership, Resumer resumer) {
        this.ledger = ledger;
        this.leadership = leadership;
        this.resumer = resumer;
    }

    void onStart(@Observes StartupEvent event) {
        leadership.whenGained(this::resumeInFlight);
    }

    /** Resumes every in-flight rollback of the ledger; returns how many were handed over. */
    int resumeInFlight() {
        if (!(ledger.inFlight() instanceof LedgerResult.Listed listed)) {
            Log.warnf("Rollbacks in flight were not resumed: the ledger (%s) could not be listed", ledger.describe());
            return 0;
        }
        int resumed = 0;
        for (LedgerEntry entry : listed.entries()) {
            if (entry.remediation().action() instanceof RollbackModel rollback
                    && resumer.resume(
                            entry.remediation().decisionId(),
                            rollback,
                            fingerprints(entry.remediation().causes()),
                            entry.remediation().startedAt(),
                            entry.status().attempts())) {
                resumed++;
            }
        }
        if (resumed > 0) {
            Log.infof("Resumed %d rollbacks a previous leader left in flight", resumed);
        }
        return resumed;
    }

    /** The ledger keeps cause ids ({@code fingerprint@startsAt}); an escalation names alerts by fingerprint. */
    private static List<String> fingerprints(List<String> causeIds) {
        return causeIds.stream()
                .map(id -> id.contains("@") ? id.substring(0, id.indexOf('@')) : id)
                .toList();
    }
}
