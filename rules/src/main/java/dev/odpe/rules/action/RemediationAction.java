package dev.odpe.rules.action;

/**
 * What a rule asks for. Actions are values: rules create them, a planner decides whether and when
 * they run, an executor applies them. Adding a kind of action means adding a record here and an
 * executor for it in the engine (see engine/README.md).
 */
public sealed interface RemediationAction permits ScalePool, RollbackModel, Notify {

    /** What the action acts on; cooldowns are per (type, target). */
    Target target();

    /** The record name, e.g. {@code ScalePool}; serialised as the {@code type} field in the audit. */
    default String type() {
        return getClass().getSimpleName();
    }
}
