package dev.odpe.engine.evaluate;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.rules.runtime.RuleSession;

/**
 * Applies one {@link AlertChange} to the rule session; what the rules make of it is read with
 * {@link RuleSession#evaluate()} afterwards. Only the evaluation thread calls it.
 */
public final class FactChanges {

    /** What applying a change did to working memory. */
    public enum Applied {
        /** The alert's fact was inserted or replaced. */
        FIRED,
        /** The alert's fact was retracted. */
        RETRACTED,
        /** The same firing's fact was re-inserted: its expiry restarted, no outcome. */
        REFRESHED,
        /** A resolve or refresh for a firing with no fact: nothing changed. */
        UNKNOWN,
        /** A resolve older than the firing fact (its {@code startsAt} is earlier): ignored. */
        STALE_RESOLVE
    }

    private FactChanges() {}

    public static Applied apply(RuleSession session, AlertChange change) {
        if (change instanceof AlertChange.Fired fired) {
            session.fire(fired.signal());
            return Applied.FIRED;
        }
        if (change instanceof AlertChange.Refreshed refreshed) {
            return refresh(session, refreshed);
        }
        AlertChange.Resolved resolved = (AlertChange.Resolved) change;
        return switch (session.resolve(resolved.fingerprint(), resolved.startsAt())) {
            case RETRACTED -> Applied.RETRACTED;
            case UNKNOWN -> Applied.UNKNOWN;
            case STALE -> Applied.STALE_RESOLVE;
        };
    }

    /**
     * Re-inserts the very fact in working memory (equal to itself, so the rules' withdraw and re-emit
     * cancel out) when it is the same firing; a refresh never brings back a resolved or expired alert.
     */
    private static Applied refresh(RuleSession session, AlertChange.Refreshed refreshed) {
        return session.firingAlert(refreshed.fingerprint())
                .filter(live -> live.startsAt().equals(refreshed.signal().startsAt()))
                .map(live -> {
                    session.fire(live);
                    return Applied.REFRESHED;
                })
                .orElse(Applied.UNKNOWN);
    }
}
