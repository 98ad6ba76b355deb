package dev.odpe.engine.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.ledger.LedgerConfig;
import dev.odpe.engine.plan.PlannerConfig;
import dev.odpe.engine.testing.ConfigStub;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The start-up rule: outside a cluster only dry-run or an explicit in-memory ledger may start. */
class LedgerChoiceTest {

    private static PlannerConfig planner(boolean dryRun, Set<String> liveTypes) {
        return ConfigStub.of(
                PlannerConfig.class,
                Map.of("dryRun", dryRun, "liveTypes", liveTypes.isEmpty() ? Optional.empty() : Optional.of(liveTypes)));
    }

    @Test
    void liveActionsOutsideAClusterWithoutAnExplicitLedgerFailStartUpNamingBothKeys() {
        // Given RollbackModel is live, no cluster is configured and odpe.ledger is unset
        PlannerConfig live = planner(true, Set.of("RollbackModel"));

        // When the ledger is chosen, then start-up fails, naming odpe.ledger and the live setting
        assertThatThrownBy(() -> LedgerChoice.of(Optional.empty(), false, live))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("odpe.ledger=memory")
                .hasMessageContaining("odpe.planner.live-types=RollbackModel")
                .hasMessageContaining("odpe.planner.dry-run");
    }

    @Test
    void anExplicitInMemoryLedgerAllowsLiveActionsOutsideACluster() {
        // Given dry-run is off, no cluster, and odpe.ledger=memory
        PlannerConfig live = planner(false, Set.of());

        // When the ledger is chosen
        LedgerChoice choice = LedgerChoice.of(Optional.of(LedgerConfig.Kind.MEMORY), false, live);

        // Then it is memory, flagged for the loud warning
        assertThat(choice.kind()).isEqualTo(LedgerConfig.Kind.MEMORY);
        assertThat(choice.volatileLive()).isTrue();
    }

    @Test
    void dryRunOutsideAClusterStartsWithTheInMemoryLedger() {
        // Given the defaults: dry-run, no cluster, odpe.ledger unset
        LedgerChoice choice = LedgerChoice.of(Optional.empty(), false, planner(true, Set.of()));

        // Then memory, without the warning (nothing is committed in dry-run)
        assertThat(choice.kind()).isEqualTo(LedgerConfig.Kind.MEMORY);
        assertThat(choice.volatileLive()).isFalse();
    }

    @Test
    void inAClusterTheDefaultIsKubernetes() {
        // Given live actions in a configured cluster, odpe.ledger unset
        LedgerChoice choice = LedgerChoice.of(Optional.empty(), true, planner(false, Set.of()));

        // Then the ledger is Remediation objects
        assertThat(choice.kind()).isEqualTo(LedgerConfig.Kind.KUBERNETES);
    }
}
