package dev.odpe.rules.runtime;

import dev.odpe.rules.action.RemediationAction;
import java.util.List;

/**
 * What the rules said after a change to the facts: an action was asked for, or an action that was
 * asked for earlier lost its justification (its alert resolved or expired).
 */
public sealed interface RuleOutcome {

    /** The name of the rule that produced the action. */
    String rule();

    RemediationAction action();

    /** Fingerprints of the alert facts the rule matched, in match order. */
    List<String> causes();

    record Emitted(String rule, RemediationAction action, List<String> causes) implements RuleOutcome {
        public Emitted {
            causes = List.copyOf(causes);
        }
    }

    record Withdrawn(String rule, RemediationAction action, List<String> causes) implements RuleOutcome {
        public Withdrawn {
            causes = List.copyOf(causes);
        }
    }
}
