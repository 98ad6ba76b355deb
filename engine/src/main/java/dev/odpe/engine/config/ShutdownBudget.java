package dev.odpe.engine.config;

import java.time.Duration;

/**
 * A shutdown step that may wait, and for how long at most. The steps run one after the other
 * ({@link ShutdownOrder}), so their budgets add up, and the sum must fit the time Kubernetes gives
 * between SIGTERM and SIGKILL ({@code odpe.shutdown.grace-period}, checked by {@link ShutdownBudgetCheck}).
 */
public interface ShutdownBudget {

    /** The key that sets this budget, named in the start-up error. */
    String budgetKey();

    /** Longest this step waits on shutdown; zero when it does not run in this configuration. */
    Duration budget();
}
