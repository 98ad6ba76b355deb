package dev.odpe.engine.adapter.rollback.argocd;

/**
 * One way to roll a model's Application back (one file per strategy): compute the change from the
 * Application as it stands, then apply it unless {@code dryRun}. Never throws; never acts twice for
 * one decision (an operation running, or the live source already away from the bad version, sends
 * nothing).
 */
public interface RollbackStrategy {

    /** Short name for logs, audit and config, e.g. {@code api}. */
    String name();

    RollbackResult rollback(ApplicationRef app, VersionLocation location, String badVersion, boolean dryRun);
}
