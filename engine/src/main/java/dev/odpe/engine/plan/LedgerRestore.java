package dev.odpe.engine.plan;

import dev.odpe.engine.ledger.LedgerEntry;
import dev.odpe.engine.ledger.LedgerResult;
import dev.odpe.engine.ledger.RemediationLedger;
import dev.odpe.rules.action.ScalePool;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * At start-up, before evaluation begins, rebuilds the planner's idempotency keys and cooldowns from the
 * remediation ledger: every live action committed within the planner's memory is remembered again, so a
 * restart (or a new leader) neither repeats an action nor skips a cooldown. The ledger's fence would
 * refuse a repeat anyway; this keeps the cooldowns, and answers duplicates without an API call. A ledger
 * that cannot be read is logged; the engine starts (the fence still holds for every commit).
 */
@ApplicationScoped
public class LedgerRestore {

    /** Before the evaluation loop starts (default observer priority 2500), next to the Kafka restore. */
    private static final int BEFORE_EVALUATION_STARTS = 2000;

    private final RemediationLedger ledger;
    private final Planner planner;
    private final Clock clock;

    public LedgerRestore(RemediationLedger ledger, Planner planner, Clock clock) {
        this.ledger = ledger;
        this.planner = planner;
        this.clock = clock;
    }

    void onStart(@Observes @Priority(BEFORE_EVALUATION_STARTS) StartupEvent event) {
        restore();
    }

    /** Restores what the ledger holds; the number of remediations restored, or -1 if it could not be read. */
    public int restore() {
        LedgerResult.Listing listing = ledger.list();
        if (listing instanceof LedgerResult.Unavailable unavailable) {
            Log.errorf(
                    "Could not read the remediation ledger (%s); starting without its cooldowns: the fence still "
                            + "refuses a repeated action",
                    unavailable.reason());
            return -1;
        }
        Instant since = clock.instant().minus(planner.memory());
        List<LedgerEntry> recent = ((LedgerResult.Listed) listing)
                .entries().stream()
                        .filter(e -> e.remediation().startedAt().isAfter(since))
                        // A pool boost is level state: after a restart or failover it must be asserted again
                        // while its alert fires (the shared intent may never have been written), so its key
                        // is not restored; re-applying it changes nothing.
                        .filter(e -> !(e.remediation().action() instanceof ScalePool))
                        .sorted(Comparator.comparing(e -> e.remediation().startedAt()))
                        .toList();
        List<LedgerEntry> kept = recent.subList(Math.max(0, recent.size() - planner.maxRemembered()), recent.size());
        kept.forEach(e -> planner.restore(
                e.remediation().idempotencyKey(),
                e.remediation().action().type(),
                e.remediation().target(),
                e.remediation().startedAt()));
        if (!kept.isEmpty()) {
            Log.infof(
                    "Restored %d remediations from the ledger (%s): their idempotency keys and cooldowns hold "
                            + "across this restart",
                    kept.size(), ledger.describe());
        }
        return kept.size();
    }
}
