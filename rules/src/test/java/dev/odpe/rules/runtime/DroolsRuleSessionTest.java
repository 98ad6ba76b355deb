package dev.odpe.rules.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.rules.action.Notify;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DroolsRuleSessionTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration ALERT_EXPIRY = Duration.ofHours(26);

    private static RulePack pack;
    private DroolsRuleSession session;

    @BeforeAll
    static void compilePack() {
        pack = RulePackCompiler.bundled();
    }

    @BeforeEach
    void openSession() {
        session = (DroolsRuleSession) pack.newSession(RulePackSettings.DEFAULTS);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void clockNeverGoesBack() {
        // Given a session advanced to T0 + 10 minutes
        session.advanceTo(T0.plus(Duration.ofMinutes(10)));

        // When it is asked to move to an earlier instant
        session.advanceTo(T0);

        // Then it stays where it was
        assertThat(session.now()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void alertBeforeAnyAdvanceStartsTheClockAtItsStart() {
        // Given a fresh session
        // When an alert fires before any advance
        session.fire(latency("f1", T0));

        // Then the clock stands at the alert's start, not at the epoch
        assertThat(session.now()).isEqualTo(T0);
    }

    @Test
    void unresolvedAlertExpiresAfterItsDeclaredLifetimeAndWithdrawsItsIntent() {
        // Given a latency alert that boosted its pool and was never resolved
        session.advanceTo(T0);
        session.fire(latency("f1", T0));
        assertThat(session.evaluate()).hasSize(1);
        session.advanceTo(T0.plus(ALERT_EXPIRY).minusSeconds(1));
        assertThat(session.evaluate())
                .as("still alive one second before expiry")
                .isEmpty();

        // When the clock passes the expiry
        session.advanceTo(T0.plus(ALERT_EXPIRY).plusSeconds(1));
        List<RuleOutcome> outcomes = session.evaluate();

        // Then the boost is withdrawn, only the settings fact remains, and the fingerprint is soon forgotten
        assertThat(outcomes).singleElement().isInstanceOfSatisfying(RuleOutcome.Withdrawn.class, w -> {
            assertThat(w.action()).isInstanceOf(ScalePool.class);
            assertThat(w.causes()).containsExactly("f1");
        });
        assertThat(session.factCount()).isEqualTo(1);
        session.advanceTo(T0.plus(ALERT_EXPIRY).plus(Duration.ofMinutes(2)));
        session.evaluate();
        assertThat(session.alertCount())
                .as("expired fingerprints are swept within a minute")
                .isZero();
    }

    @Test
    void alertFiredAgainAfterExpiryIsANewAlert() {
        // Given an alert that expired
        session.advanceTo(T0);
        session.fire(latency("f1", T0));
        session.evaluate();
        session.advanceTo(T0.plus(ALERT_EXPIRY).plusSeconds(1));
        session.evaluate();

        // When the same fingerprint fires again
        session.fire(latency("f1", T0));
        List<RuleOutcome> outcomes = session.evaluate();

        // Then it emits again
        assertThat(outcomes).singleElement().isInstanceOf(RuleOutcome.Emitted.class);
    }

    @Test
    void refiringTheSameAlertRestartsItsExpiry() {
        // Given an alert fired at T0 and re-sent 4 hours later (Alertmanager repeat_interval)
        session.advanceTo(T0);
        session.fire(latency("f1", T0));
        session.evaluate();
        session.advanceTo(T0.plus(Duration.ofHours(4)));
        session.fire(latency("f1", T0));
        session.evaluate();

        // When 26 hours have passed since the first fire
        session.advanceTo(T0.plus(ALERT_EXPIRY).plusSeconds(1));

        // Then the alert is still alive and its intent stands
        assertThat(session.evaluate()).isEmpty();
        assertThat(session.alertCount()).isEqualTo(1);
    }

    @Test
    void changedLabelsOnTheSameFingerprintReplaceTheIntent() {
        // Given a drift alert that notified with severity warning
        session.advanceTo(T0);
        session.fire(drift("d1", "warning"));
        session.evaluate();

        // When the same fingerprint fires with severity critical
        session.fire(drift("d1", "critical"));
        List<RuleOutcome> outcomes = session.evaluate();

        // Then the old notice is withdrawn and the new one emitted
        assertThat(outcomes).hasSize(2);
        assertThat(outcomes.get(0)).isInstanceOf(RuleOutcome.Withdrawn.class);
        assertThat(((Notify) outcomes.get(0).action()).severity()).isEqualTo("warning");
        assertThat(outcomes.get(1)).isInstanceOf(RuleOutcome.Emitted.class);
        assertThat(((Notify) outcomes.get(1).action()).severity()).isEqualTo("critical");
    }

    @Test
    void resolvingAnUnknownFingerprintSaysSo() {
        // Given a session with no alerts
        // When an unknown fingerprint is resolved
        boolean known = session.resolve("nope");

        // Then it reports false and nothing changes
        assertThat(known).isFalse();
        assertThat(session.evaluate()).isEmpty();
    }

    @Test
    void aLateResolveOfAnOlderFiringLeavesTheNewerFiringAndItsIntent() {
        // Given an alert that fired at T0, resolved, and fired again at T0 + 1h (a new episode)
        session.advanceTo(T0.plus(Duration.ofHours(1)));
        session.fire(latency("f1", T0.plus(Duration.ofHours(1))));
        assertThat(session.evaluate()).hasSize(1);

        // When the late resolve of the first episode (startsAt T0) arrives, e.g. from an HA peer
        RuleSession.Resolution resolution = session.resolve("f1", T0);

        // Then it is reported stale, and the newer firing and its boost stay
        assertThat(resolution).isEqualTo(RuleSession.Resolution.STALE);
        assertThat(session.evaluate()).isEmpty();
        assertThat(session.firingAlert("f1")).map(AlertSignal::startsAt).contains(T0.plus(Duration.ofHours(1)));
    }

    @Test
    void aResolveOfTheSameOrALaterStartsAtRetractsTheFiringAlert() {
        // Given two alerts firing since T0
        session.advanceTo(T0);
        session.fire(latency("f1", T0));
        session.fire(new AlertSignal(
                "f2", "TritonQueueHigh", Signal.QUEUE, "ml-serving", "triton-b", null, null, "warning", T0));
        session.evaluate();

        // When one resolves with its own startsAt and the other with a later one
        RuleSession.Resolution same = session.resolve("f1", T0);
        RuleSession.Resolution later = session.resolve("f2", T0.plusSeconds(60));

        // Then both are retracted and their boosts withdrawn
        assertThat(same).isEqualTo(RuleSession.Resolution.RETRACTED);
        assertThat(later).isEqualTo(RuleSession.Resolution.RETRACTED);
        assertThat(session.evaluate()).hasSize(2).allMatch(o -> o instanceof RuleOutcome.Withdrawn);
    }

    @Test
    void factCountCoversSettingsAlertsAndLiveIntents() {
        // Given settings only
        assertThat(session.factCount()).isEqualTo(1);

        // When a latency alert fires and is evaluated
        session.fire(latency("f1", T0));
        session.evaluate();

        // Then settings, the alert and its boost are counted
        assertThat(session.factCount()).isEqualTo(3);
        assertThat(session.ruleSetVersion()).isEqualTo(pack.version());
    }

    private static AlertSignal latency(String fingerprint, Instant startsAt) {
        return new AlertSignal(
                fingerprint,
                "TritonP99LatencyHigh",
                Signal.LATENCY,
                "ml-serving",
                "triton-a100",
                null,
                null,
                "warning",
                startsAt);
    }

    private static AlertSignal drift(String fingerprint, String severity) {
        return new AlertSignal(fingerprint, "InputDrift", Signal.DRIFT, "ml-serving", null, "bert", "3", severity, T0);
    }
}
