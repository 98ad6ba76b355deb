package dev.odpe.engine.rollback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.rules.action.RollbackModel;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Verification of executed rollbacks: resolved in time → verified once; never resolved → escalated once. */
class RollbackVerifierTest {

    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> verified = new CopyOnWriteArrayList<>();
    private final List<String> escalated = new CopyOnWriteArrayList<>();
    private final RollbackVerifier verifier = new RollbackVerifier(Duration.ofMillis(300), Clock.systemUTC(), timer,
            new RollbackVerifier.Escalation() {
                @Override
                public void verified(String decisionId, Duration afterRollback) {
                    verified.add(decisionId);
                }

                @Override
                public void notEffective(String decisionId, RollbackModel action, Duration window) {
                    escalated.add(decisionId);
                }
            });

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void anAlertResolvedWithinTheWindowVerifiesTheRollbackAndNothingEscalatesLater() throws Exception {
        // Given rollback d-1 ended EXECUTED
        verifier.expect("d-1", BERT_8);

        // When its alert resolves within the window
        var verifiedId = verifier.alertResolved(BERT_8);

        // Then d-1 is verified, and the window passing later escalates nothing
        Thread.sleep(500);
        assertThat(verifiedId).contains("d-1");
        assertThat(verified).containsExactly("d-1");
        assertThat(escalated).isEmpty();
    }

    @Test
    void anAlertStillFiringWhenTheWindowPassesEscalatesOnce() {
        // Given rollback d-1 ended EXECUTED
        verifier.expect("d-1", BERT_8);

        // When the window passes without the alert resolving
        await().atMost(Duration.ofSeconds(10)).until(() -> !escalated.isEmpty());

        // Then it escalated once, and a late resolution verifies nothing
        assertThat(escalated).containsExactly("d-1");
        assertThat(verifier.alertResolved(BERT_8)).isEmpty();
        assertThat(verified).isEmpty();
    }

    @Test
    void anAlertThatResolvedBeforeTheSlowRollbackEndedCountsAsVerified() {
        // Given the alert resolved while the rollback was still running
        verifier.alertResolved(BERT_8);

        // When the rollback then ends EXECUTED
        verifier.expect("d-1", BERT_8);

        // Then it is verified at once
        assertThat(verified).containsExactly("d-1");
    }
}
