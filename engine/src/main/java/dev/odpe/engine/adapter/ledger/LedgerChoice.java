package dev.odpe.engine.adapter.ledger;

import dev.odpe.engine.ledger.LedgerConfig;
import dev.odpe.engine.plan.PlannerConfig;
import java.util.Optional;
import java.util.Set;

/**
 * Which ledger the engine uses, and the start-up rule: live actions need a durable ledger. Unset
 * {@code odpe.ledger} means kubernetes when a cluster is configured, else memory; memory with a live
 * action type is allowed only when asked for by name.
 */
record LedgerChoice(LedgerConfig.Kind kind, boolean live, boolean explicit) {

    static LedgerChoice of(Optional<LedgerConfig.Kind> requested, boolean clusterConfigured, PlannerConfig planner) {
        boolean live =
                !planner.dryRun() || !planner.liveTypes().orElse(Set.of()).isEmpty();
        LedgerConfig.Kind kind =
                requested.orElse(clusterConfigured ? LedgerConfig.Kind.KUBERNETES : LedgerConfig.Kind.MEMORY);
        if (live && kind == LedgerConfig.Kind.MEMORY && requested.isEmpty()) {
            throw new IllegalStateException("Live actions (" + liveSetting(planner)
                    + ") need a durable remediation ledger, and no Kubernetes cluster is configured: run in a "
                    + "cluster (odpe.ledger=kubernetes, the default there), keep odpe.planner.dry-run=true "
                    + "without odpe.planner.live-types, or set odpe.ledger=memory to accept a ledger that is "
                    + "lost on restart (docs/operations/ledger.md)");
        }
        return new LedgerChoice(kind, live, requested.isPresent());
    }

    /** An in-memory ledger behind live actions: every restart forgets what was done. */
    boolean volatileLive() {
        return live && kind == LedgerConfig.Kind.MEMORY;
    }

    private static String liveSetting(PlannerConfig planner) {
        return planner.dryRun()
                ? "odpe.planner.live-types="
                        + String.join(",", planner.liveTypes().orElse(Set.of()))
                : "odpe.planner.dry-run=false";
    }
}
