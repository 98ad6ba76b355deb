package dev.odpe.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.rules.runtime.RuleSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Alert changes against a real session of the bundled pack, without the evaluation loop around it. */
class FactChangesTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofHours(1));

    private static RulePack pack;
    private RuleSession session;

    @BeforeAll
    static void compilePack() {
        pack = RulePackCompiler.bundled();
    }

    @BeforeEach
    void openSession() {
        session = pack.newSession(RulePackSettings.DEFAULTS);
        session.advanceTo(T0);
    }

    @AfterEach
    void closeSession() {
        session.close();
    }

    @Test
    void aResolveOfAnOlderFiringIsIgnoredAndTheNewerFiringKeepsItsIntent() {
        // Given an alert firing again since T1 (a second episode) whose boost stands
        session.advanceTo(T1);
        FactChanges.apply(session, new AlertChange.Fired(latency("f1", T1)));
        assertThat(session.evaluate()).singleElement().isInstanceOf(RuleOutcome.Emitted.class);

        // When an HA peer's late resolve of the first episode (startsAt T0) arrives
        FactChanges.Applied applied = FactChanges.apply(session, new AlertChange.Resolved("f1", T0));

        // Then it is ignored as stale: the newer firing stays and nothing is withdrawn
        assertThat(applied).isEqualTo(FactChanges.Applied.STALE_RESOLVE);
        assertThat(session.evaluate()).isEmpty();
        assertThat(session.firingAlert("f1")).map(AlertSignal::startsAt).contains(T1);
    }

    @Test
    void aResolveWithoutStartsAtStillRetractsTheFiringAlert() {
        // Given an alert firing since T1 whose boost stands
        FactChanges.apply(session, new AlertChange.Fired(latency("f1", T1)));
        session.evaluate();

        // When a resolve without startsAt arrives
        FactChanges.Applied applied = FactChanges.apply(session, new AlertChange.Resolved("f1", null));

        // Then the alert is retracted and its boost withdrawn, as before
        assertThat(applied).isEqualTo(FactChanges.Applied.RETRACTED);
        assertThat(session.evaluate()).singleElement().isInstanceOf(RuleOutcome.Withdrawn.class);
    }

    @Test
    void aRefreshOfAnAlertThatResolvedDoesNotBringItBack() {
        // Given an alert that fired at T0 and resolved, its boost withdrawn
        FactChanges.apply(session, new AlertChange.Fired(latency("f1", T0)));
        FactChanges.apply(session, new AlertChange.Resolved("f1", T0));
        session.evaluate();

        // When a lagging HA peer's repeat of the firing arrives as a refresh
        FactChanges.Applied applied = FactChanges.apply(session, new AlertChange.Refreshed(latency("f1", T0)));

        // Then nothing is inserted and nothing is decided
        assertThat(applied).isEqualTo(FactChanges.Applied.UNKNOWN);
        assertThat(session.evaluate()).isEmpty();
        assertThat(session.firingAlert("f1")).isEmpty();
    }

    @Test
    void aRefreshOfTheSameFiringIsSilent() {
        // Given an alert firing since T0 whose boost stands
        FactChanges.apply(session, new AlertChange.Fired(latency("f1", T0)));
        session.evaluate();

        // When a repeat of it arrives as a refresh an hour later
        session.advanceTo(T1);
        FactChanges.Applied applied = FactChanges.apply(session, new AlertChange.Refreshed(latency("f1", T0)));

        // Then the fact was re-inserted and no outcome results
        assertThat(applied).isEqualTo(FactChanges.Applied.REFRESHED);
        assertThat(session.evaluate()).isEmpty();
    }

    static AlertSignal latency(String fingerprint, Instant startsAt) {
        return new AlertSignal(
                fingerprint,
                "TritonP99LatencyHigh",
                Signal.LATENCY,
                "ml-serving",
                "triton-a100",
                null,
                null,
                "page",
                startsAt);
    }
}
