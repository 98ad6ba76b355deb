package dev.odpe.engine.execute;

import dev.odpe.rules.action.Notify;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.action.ScalePool;

/** One human sentence per action, used by the dry-run recorder and in logs. */
public final class ActionDescriptions {

    private ActionDescriptions() {}

    public static String describe(RemediationAction action) {
        if (action instanceof ScalePool s) {
            return "boost " + s.target().key() + " by " + s.step() + " replicas for " + s.ttl() + " (at most +"
                    + s.maxBoost() + "), reason " + s.reason();
        }
        if (action instanceof RollbackModel r) {
            return "roll " + r.target().key() + " back from version " + r.badVersion()
                    + " to its last good version, reason " + r.reason();
        }
        if (action instanceof Notify n) {
            return "notify about " + n.target().key() + " (" + n.reason() + "): " + n.message();
        }
        throw new IllegalArgumentException("no description for " + action.type());
    }
}
