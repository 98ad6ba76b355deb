package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.adapter.rollback.argocd.ApplicationReader;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.RollbackStrategy;
import dev.odpe.rules.action.RollbackModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Rollbacks with one strategy: what every {@link RollbackRun} of it shares (the strategy, the reader
 * that watches Argo CD's operation, the settings, the clock and where steps run).
 */
final class RollbackJob {

    final RollbackStrategy strategy;
    /** Null: not watched, accepted means done (e.g. a pushed commit with no Argo CD API configured). */
    final ApplicationReader argocd;

    final RollbackConfig.ArgoCd config;
    final Duration deadline;
    final Clock clock;
    final RollbackSteps steps;
    private final Runnable onRetry;

    /**
     * @param deadline how long after its decision a rollback's transient failures are still tried again
     * @param onRetry  told each time a transient failure is scheduled to be tried again (the metric)
     */
    RollbackJob(
            RollbackStrategy strategy,
            ApplicationReader argocd,
            RollbackConfig.ArgoCd config,
            Duration deadline,
            Clock clock,
            RollbackSteps steps,
            Runnable onRetry) {
        this.strategy = strategy;
        this.argocd = argocd;
        this.config = config;
        this.deadline = deadline;
        this.clock = clock;
        this.steps = steps;
        this.onRetry = onRetry;
    }

    /**
     * Starts the rollback of {@code decisionId}: its first attempt is handed to a worker; in dry-run it
     * computes the change and applies nothing. {@code onEnd} is told once, on a worker, how it ended.
     *
     * @throws java.util.concurrent.RejectedExecutionException the engine is stopping: nothing was started
     */
    void start(
            String decisionId,
            RollbackModel action,
            ModelTarget target,
            boolean dryRun,
            Consumer<RollbackEnding> onEnd) {
        new RollbackRun(this, decisionId, action, target, dryRun, clock.instant(), 0, false, onEnd).start();
    }

    /**
     * Picks up a live rollback this engine (or another replica) started at {@code startedAt} and did not
     * see end: re-reads Argo CD for an operation begun since, records it if it ended, watches it if it
     * runs, and otherwise goes on from the attempt (the strategies never act twice for one decision).
     *
     * @throws java.util.concurrent.RejectedExecutionException the engine is stopping: nothing was started
     */
    void resume(
            String decisionId,
            RollbackModel action,
            ModelTarget target,
            Instant startedAt,
            int attempts,
            Consumer<RollbackEnding> onEnd) {
        new RollbackRun(this, decisionId, action, target, false, startedAt, attempts, true, onEnd).resume();
    }

    void retried() {
        onRetry.run();
    }
}
