package dev.odpe.engine.adapter.rollback;

import java.time.Duration;

/**
 * Where the steps of rollbacks run: a blocking step (one HTTP call, one Git fetch and push) on a
 * bounded worker pool, a step due later on a shared timer that only hands it to a worker when due. No
 * thread waits for a rollback: a rollback between two steps is only a scheduled task.
 */
interface RollbackSteps {

    /**
     * Runs {@code step} on a worker as soon as one is free.
     *
     * @throws java.util.concurrent.RejectedExecutionException when the engine is stopping or the queue is full
     */
    void now(Runnable step);

    /** Runs {@code step} on a worker {@code delay} from now; dropped (logged) if the engine stops meanwhile, leaving the decision IN_PROGRESS. */
    void after(Duration delay, Runnable step);

    /** Runs a quick task that never blocks (a check, a hand-off) on the timer itself, {@code delay} from now. */
    void onTimer(Duration delay, Runnable task);
}
