package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.leader.LeadershipState;
import dev.odpe.engine.ledger.InMemoryRemediationLedger;
import dev.odpe.engine.ledger.Phase;
import dev.odpe.engine.ledger.Remediation;
import dev.odpe.engine.ledger.StatusUpdate;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollbackResumptionTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRemediationLedger ledger = new InMemoryRemediationLedger(clock);

    private record Resumed(String decisionId, List<String> causes, Instant startedAt) {}

    @Test
    void onlyRollbacksStillInFlightInTheLedgerAreResumedWithTheirAlertFingerprints() {
        // Given an in-flight rollback, a finished rollback and an in-flight pool boost in the ledger
        ledger.commit(new Remediation("k1", "d-1", BERT_8, "r", "v1", List.of("fp1@" + T0), "", "pod-0", T0));
        ledger.commit(new Remediation(
                "k2",
                "d-2",
                new RollbackModel("ml-serving", "gpt", "3", "errors"),
                "r",
                "v1",
                List.of(),
                "",
                "pod-0",
                T0));
        ledger.update("d-2", StatusUpdate.to(Phase.SUCCEEDED, "rolled back"));
        ledger.commit(new Remediation(
                "k3",
                "d-3",
                new ScalePool("ml-serving", "a100", 2, Duration.ofMinutes(15), 8, "latency"),
                "r",
                "v1",
                List.of(),
                "",
                "pod-0",
                T0));
        List<Resumed> resumed = new ArrayList<>();
        RollbackResumption resumption = new RollbackResumption(
                ledger,
                LeadershipState.sole("pod-1", clock, new SimpleMeterRegistry()),
                (decisionId, action, causes, startedAt, attempts) ->
                        resumed.add(new Resumed(decisionId, causes, startedAt)));

        // When this replica starts deciding
        resumption.onStart(null);

        // Then only the in-flight rollback is resumed, named by its alert's fingerprint
        assertThat(resumed).containsExactly(new Resumed("d-1", List.of("fp1"), T0));
    }
}
