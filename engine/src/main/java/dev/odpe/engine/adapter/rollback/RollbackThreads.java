package dev.odpe.engine.adapter.rollback;

import io.quarkus.logging.Log;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads rollbacks run on, made and shut down by {@link RollbackProducers}.
 *
 * @param workers run the blocking steps of rollbacks (one call each), bounded queue
 * @param timer   one thread: hands due steps (the next watch read, a retry, a verification) to the workers
 */
record RollbackThreads(ThreadPoolExecutor workers, ScheduledExecutorService timer) implements RollbackSteps {

    @Override
    public void now(Runnable step) {
        workers.execute(step);
    }

    @Override
    public void after(Duration delay, Runnable step) {
        try {
            timer.schedule(() -> handOver(step), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            Log.warn("A rollback step was not scheduled: the engine is stopping; its decision stays IN_PROGRESS");
        }
    }

    @Override
    public void onTimer(Duration delay, Runnable task) {
        try {
            timer.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            Log.warn("A rollback check was not scheduled: the engine is stopping");
        }
    }

    private void handOver(Runnable step) {
        try {
            workers.execute(step);
        } catch (RejectedExecutionException e) {
            Log.warn("A due rollback step was dropped: the engine is stopping; its decision stays IN_PROGRESS");
        }
    }
}
