package dev.odpe.engine.adapter.rollback;

import dev.odpe.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * Rollback steps driven by the test on its own thread: {@link #runAll} runs the tasks in due order,
 * moving the clock to each one's due time, so schedules are checked without waiting for anything.
 */
final class ManualSteps implements RollbackSteps {

    private record Task(Instant due, long order, Runnable run) {}

    private final MutableClock clock;
    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparing(Task::due).thenComparing(Task::order));
    private long added;

    ManualSteps(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public void now(Runnable step) {
        add(Duration.ZERO, step);
    }

    @Override
    public void after(Duration delay, Runnable step) {
        add(delay, step);
    }

    @Override
    public void onTimer(Duration delay, Runnable task) {
        add(delay, task);
    }

    private void add(Duration delay, Runnable run) {
        tasks.add(new Task(clock.instant().plus(delay), added++, run));
    }

    /** Tasks waiting (a rollback between two steps is exactly one of them). */
    int pending() {
        return tasks.size();
    }

    /** When the next task is due; the clock is not moved. */
    Instant nextDue() {
        return tasks.element().due();
    }

    /** Runs the next task, moving the clock to its due time. */
    void runNext() {
        Task task = tasks.remove();
        if (task.due().isAfter(clock.instant())) {
            clock.advance(Duration.between(clock.instant(), task.due()));
        }
        task.run().run();
    }

    /** Runs tasks (and those they schedule) until none is left; fails past {@code limit} as a runaway. */
    void runAll(int limit) {
        for (int run = 0; !tasks.isEmpty(); run++) {
            if (run == limit) {
                throw new AssertionError("more than " + limit + " steps: a rollback that never ends?");
            }
            runNext();
        }
    }
}
