package dev.odpe.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RuleSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Working memory reconciled against a source of truth's firing alerts, as the evaluation thread computes it. */
class ReconciliationTest {

    private static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
    private static final Instant T1 = T0.plusSeconds(600);

    private final MemoryOnlySession session = new MemoryOnlySession();

    @Test
    void anAlertTheSourceHoldsButMemoryMissesIsFired() {
        // Given empty working memory and Alertmanager holding a latency alert
        AlertSignal latency = alert("a1", T0);
        // When reconciled
        List<AlertChange> changes = Reconciliation.changes(session, complete(latency));
        // Then the alert fires
        assertThat(changes).containsExactly(new AlertChange.Fired(latency));
    }

    @Test
    void anAlertBothHoldWithTheSameStartIsLeftUntouched() {
        // Given the alert in memory as Alertmanager holds it
        session.fire(alert("a1", T0));
        // When reconciled
        List<AlertChange> changes = Reconciliation.changes(session, complete(alert("a1", T0)));
        // Then nothing changes, so nothing is decided twice
        assertThat(changes).isEmpty();
    }

    @Test
    void anAlertThatFiresAgainSinceALaterStartIsFiredAgain() {
        // Given the alert's earlier firing in memory
        session.fire(alert("a1", T0));
        // When Alertmanager holds a later firing of the same fingerprint
        List<AlertChange> changes = Reconciliation.changes(session, complete(alert("a1", T1)));
        // Then the later firing replaces it
        assertThat(changes).containsExactly(new AlertChange.Fired(alert("a1", T1)));
    }

    @Test
    void anAlertTheSourceNoLongerHoldsIsResolvedWithItsOwnStart() {
        // Given an alert in memory that Alertmanager no longer holds
        session.fire(alert("a1", T0));
        // When reconciled against an answer without it
        List<AlertChange> changes = Reconciliation.changes(session, complete());
        // Then it resolves (with its own startsAt, so it can never retract a newer firing)
        assertThat(changes).containsExactly(new AlertChange.Resolved("a1", T0));
    }

    @Test
    void anIncompleteAnswerNeverResolves() {
        // Given an alert in memory, and one Alertmanager of the pair that did not answer
        session.fire(alert("a1", T0));
        // When reconciled against the partial answer
        List<AlertChange> changes =
                Reconciliation.changes(session, new FiringSnapshot(List.of(), fingerprint -> true, false));
        // Then nothing is resolved: an error must not read as "all resolved"
        assertThat(changes).isEmpty();
    }

    @Test
    void factsTheSourceDoesNotSpeakForAreLeftAlone() {
        // Given a drift fact in memory, which Alertmanager never holds
        session.fire(alert("drift:ml-serving/bert/8/ks", T0));
        // When reconciled against Alertmanager's (empty) answer
        List<AlertChange> changes = Reconciliation.changes(
                session, new FiringSnapshot(List.of(), fingerprint -> !fingerprint.startsWith("drift:"), true));
        // Then the drift fact stays
        assertThat(changes).isEmpty();
    }

    private static FiringSnapshot complete(AlertSignal... firing) {
        return new FiringSnapshot(List.of(firing), fingerprint -> true, true);
    }

    private static AlertSignal alert(String fingerprint, Instant startsAt) {
        return new AlertSignal(
                fingerprint,
                "TritonP99LatencyHigh",
                Signal.LATENCY,
                "ml-serving",
                "triton-a100",
                "bert",
                "8",
                "page",
                startsAt);
    }

    /** Working memory without rules: enough for what reconciliation reads. */
    private static final class MemoryOnlySession implements RuleSession {

        private final Map<String, AlertSignal> alerts = new LinkedHashMap<>();

        @Override
        public void advanceTo(Instant now) {}

        @Override
        public void fire(AlertSignal alert) {
            alerts.put(alert.fingerprint(), alert);
        }

        @Override
        public boolean resolve(String fingerprint) {
            return alerts.remove(fingerprint) != null;
        }

        @Override
        public Resolution resolve(String fingerprint, Instant startsAt) {
            return resolve(fingerprint) ? Resolution.RETRACTED : Resolution.UNKNOWN;
        }

        @Override
        public Optional<AlertSignal> firingAlert(String fingerprint) {
            return Optional.ofNullable(alerts.get(fingerprint));
        }

        @Override
        public List<AlertSignal> firingAlerts() {
            return new ArrayList<>(alerts.values());
        }

        @Override
        public List<RuleOutcome> evaluate() {
            return List.of();
        }

        @Override
        public long factCount() {
            return alerts.size();
        }

        @Override
        public String ruleSetVersion() {
            return "test";
        }

        @Override
        public void close() {}
    }
}
