package dev.odpe.engine.config;

import io.quarkus.arc.All;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Refuses to start when the shutdown steps' budgets add up to more than {@code odpe.shutdown.grace-period}:
 * Kubernetes would SIGKILL the engine in the middle of its drain, and accepted work would be lost
 * although each step's own timeout looked fine.
 */
@ApplicationScoped
public class ShutdownBudgetCheck {

    /** Right after the unknown-keys check, before anything starts work. */
    private static final int EARLY = 110;

    private final ShutdownConfig config;
    private final List<ShutdownBudget> budgets;

    public ShutdownBudgetCheck(ShutdownConfig config, @All List<ShutdownBudget> budgets) {
        this.config = config;
        this.budgets = budgets;
    }

    void check(@Observes @Priority(EARLY) StartupEvent event) {
        Duration total = total(budgets);
        String parts = budgets.stream()
                .filter(b -> !b.budget().isZero())
                .map(b -> b.budgetKey() + "=" + b.budget())
                .collect(Collectors.joining(" + "));
        if (total.compareTo(config.gracePeriod()) > 0) {
            throw new IllegalStateException("Shutdown budgets add up to " + total + " (" + parts
                    + "), more than odpe.shutdown.grace-period=" + config.gracePeriod()
                    + "; Kubernetes would kill the engine mid-drain. Lower them, or raise the pod's "
                    + "terminationGracePeriodSeconds and odpe.shutdown.grace-period together");
        }
        Log.debugf("Shutdown budgets %s = %s fit odpe.shutdown.grace-period %s", parts, total, config.gracePeriod());
    }

    static Duration total(List<ShutdownBudget> budgets) {
        return budgets.stream().map(ShutdownBudget::budget).reduce(Duration.ZERO, Duration::plus);
    }
}
