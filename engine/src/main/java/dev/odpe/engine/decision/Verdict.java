package dev.odpe.engine.decision;

/** What the planner decided to do with one rule outcome. */
public enum Verdict {
    /** Act (or, in dry-run, record what acting would do). */
    EXECUTE,
    /** The same action on the same target ran within its cooldown. */
    SUPPRESS_COOLDOWN,
    /** The same cause already led to this action (its idempotency key was seen). */
    SUPPRESS_DUPLICATE,
    /** The action's justification is gone (its alert resolved or expired): undo a live intent. */
    WITHDRAW
}
