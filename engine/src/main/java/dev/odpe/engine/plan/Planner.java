package dev.odpe.engine.plan;

import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.ScalePool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Decides what happens to each rule outcome: dry-run, per-(type, target) cooldown and
 * idempotency. Pure decision: nothing is applied here. Called only from the evaluation thread.
 *
 * <p>Level-state actions ({@link ScalePool}) have no cooldown: each is an intent held while its
 * alert fires, keyed by (pool, reason), and a second reason on the same pool must count at once.
 * How fast replicas change is limited by KEDA's HPA {@code behavior}, not here.
 */
@ApplicationScoped
public class Planner {

    private final PlannerConfig config;
    private final Clock clock;
    private final ExpiringLedger executedKeys;
    private final ExpiringLedger lastActedOnTarget;

    public Planner(PlannerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        rejectUnknownLiveTypes(config);
        this.executedKeys = new ExpiringLedger(config.idempotencyTtl(), config.maxRemembered());
        this.lastActedOnTarget = new ExpiringLedger(longestCooldown(config), config.maxRemembered());
    }

    /** An action a rule asked for. */
    public PlannedAction planEmitted(String rule, RemediationAction action, List<Cause> causes) {
        Instant now = clock.instant();
        String key = IdempotencyKey.of(action, causes);
        if (executedKeys.lastRecorded(key, now).isPresent()) {
            return planned(
                    rule,
                    action,
                    causes,
                    Verdict.SUPPRESS_DUPLICATE,
                    key,
                    now,
                    "already acted on these causes (idempotency key " + key + ")");
        }
        boolean levelState = isLevelState(action);
        if (!levelState) {
            String cooldownKey = action.type() + "|" + action.target().key();
            Duration cooldown = config.cooldownFor(action.type());
            var last = lastActedOnTarget.lastRecorded(cooldownKey, now);
            if (last.isPresent() && now.isBefore(last.get().plus(cooldown))) {
                Duration ago = Duration.between(last.get(), now);
                return planned(
                        rule,
                        action,
                        causes,
                        Verdict.SUPPRESS_COOLDOWN,
                        key,
                        now,
                        action.type() + " on " + action.target().key() + " ran " + ago.toSeconds()
                                + "s ago; cooldown is " + cooldown.toSeconds() + "s");
            }
            lastActedOnTarget.record(cooldownKey, now);
        }
        executedKeys.record(key, now);
        String reason = config.dryRunFor(action.type())
                ? "dry-run: recording what would be done"
                : levelState ? "all safety checks passed (level intent: no cooldown)" : "all safety checks passed";
        return planned(rule, action, causes, Verdict.EXECUTE, key, now, reason);
    }

    /**
     * Remembers an action decided before this process started (read back from the decisions topic), so
     * its idempotency key and its target's cooldown hold across the restart. Call before evaluation
     * starts, oldest first.
     */
    public void restore(String idempotencyKey, String actionType, String target, Instant decidedAt) {
        executedKeys.record(idempotencyKey, decidedAt);
        lastActedOnTarget.record(actionType + "|" + target, decidedAt);
    }

    /**
     * Forgets an {@code EXECUTE} plan that was never applied (the ledger could not commit it): its
     * idempotency key and its target's cooldown no longer hold, so the next emission may act. At
     * EXECUTE time no cooldown was running, so dropping the entry restores exactly what was there.
     */
    public void forget(PlannedAction plan) {
        executedKeys.forget(plan.idempotencyKey());
        if (!isLevelState(plan.action())) {
            lastActedOnTarget.forget(
                    plan.action().type() + "|" + plan.action().target().key());
        }
    }

    /** How many idempotency keys (and cooldown entries) are remembered at most: older ones are forgotten. */
    public int maxRemembered() {
        return config.maxRemembered();
    }

    /** How far back decisions still matter to {@link #planEmitted}: the longer of idempotency TTL and cooldowns. */
    public Duration memory() {
        Duration longestCooldown = longestCooldown(config);
        return config.idempotencyTtl().compareTo(longestCooldown) >= 0 ? config.idempotencyTtl() : longestCooldown;
    }

    /** An action whose justification is gone. Withdrawals bypass cooldowns: undoing is always safe. */
    public PlannedAction planWithdrawn(String rule, RemediationAction action, List<Cause> causes) {
        Instant now = clock.instant();
        String key = "withdraw:" + IdempotencyKey.of(action, causes);
        return planned(rule, action, causes, Verdict.WITHDRAW, key, now, "justifying alert resolved or expired");
    }

    /**
     * Actions that describe a level to hold while their cause fires, not a step to take: applying one
     * again changes nothing, and a second cause (another reason) must count at once.
     */
    static boolean isLevelState(RemediationAction action) {
        return action instanceof ScalePool;
    }

    private PlannedAction planned(
            String rule,
            RemediationAction action,
            List<Cause> causes,
            Verdict verdict,
            String key,
            Instant now,
            String reason) {
        return new PlannedAction(
                rule, action, causes, verdict, config.dryRunFor(action.type()), key, reason, now, null);
    }

    private static void rejectUnknownLiveTypes(PlannerConfig config) {
        Set<String> known = Arrays.stream(RemediationAction.class.getPermittedSubclasses())
                .map(Class::getSimpleName)
                .collect(Collectors.toCollection(TreeSet::new));
        for (String type : config.liveTypes().orElse(Set.of())) {
            if (!known.contains(type)) {
                throw new IllegalArgumentException(
                        "odpe.planner.live-types names unknown action type '" + type + "'; known types: " + known);
            }
        }
    }

    private static Duration longestCooldown(PlannerConfig config) {
        return config.cooldownByType().values().stream()
                .reduce(config.cooldown(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
    }
}
