package dev.odpe.engine.adapter.rollback.strategy;

import dev.odpe.rules.action.RollbackModel;

/**
 * One way to roll a model back (one file per strategy, registered by its {@link StrategyKey}):
 * compute the change from the system as it stands, then apply it unless {@code dryRun}. Never
 * throws: every ending is a {@link RollbackResult}. Never acts twice for one decision (an operation
 * running, a commit of this decision already pushed, or the version already away from the bad one
 * sends nothing).
 */
public interface RollbackStrategy {

    StrategyKey key();

    /**
     * One attempt; the caller retries transient failures.
     *
     * @param decisionId the decision this rollback belongs to, stamped on what it changes (e.g. a commit)
     */
    RollbackResult rollback(String decisionId, RollbackModel action, ModelTarget target, boolean dryRun);
}
