package dev.odpe.rules.runtime;

import dev.odpe.rules.fact.AlertSignal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A stateful, stream-mode session over one compiled {@link RulePack}. Not thread-safe by design:
 * exactly one thread owns a session and its clock (Drools' own clock thread racing inserts is a known
 * way to crash a session). The owner moves time forward with {@link #advanceTo(Instant)}; nothing
 * else does.
 */
public interface RuleSession extends AutoCloseable {

    /** Moves the session's pseudo clock forward (never back); expired events leave working memory. */
    void advanceTo(Instant now);

    /** Inserts or replaces (same fingerprint) a firing alert. */
    void fire(AlertSignal alert);

    /** Retracts the firing alert with this fingerprint; returns false when none was known. */
    boolean resolve(String fingerprint);

    /** What {@link #resolve(String, Instant)} did. */
    enum Resolution {
        /** The firing alert left working memory; what it justified is withdrawn. */
        RETRACTED,
        /** No firing alert with this fingerprint was known; nothing changed. */
        UNKNOWN,
        /** The resolve belongs to an older firing than the one in working memory; nothing changed. */
        STALE
    }

    /**
     * Retracts the firing alert with this fingerprint unless the resolve is older than it: a resolve
     * whose {@code startsAt} is before the firing alert's {@code startsAt} (an HA peer's late resolve of
     * the previous episode) leaves the newer firing in place. A null {@code startsAt} always retracts.
     */
    Resolution resolve(String fingerprint, Instant startsAt);

    /** The firing alert with this fingerprint, if it is in working memory. */
    Optional<AlertSignal> firingAlert(String fingerprint);

    /** Every firing alert in working memory (a copy), for reconciling it against a source of truth. */
    List<AlertSignal> firingAlerts();

    /** Runs the rules to quiescence and returns what they emitted or withdrew since the last call. */
    List<RuleOutcome> evaluate();

    /**
     * The intents the rules hold right now (each live action with the rule and causes that inserted
     * it), as {@code Emitted} outcomes: what a new session over another pack is compared with when the
     * pack is swapped, so that intents both derive are neither withdrawn nor emitted again.
     */
    default List<RuleOutcome.Emitted> liveIntents() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not track live intents");
    }

    /** Number of facts in working memory (alerts, settings, live intents), for metrics. */
    long factCount();

    /** The version of the pack this session runs. */
    String ruleSetVersion();

    @Override
    void close();
}
