package dev.odpe.engine.rollback;

import dev.odpe.rules.action.RollbackModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Did the rollback help? After a rollback ended {@code EXECUTED}, the alert that caused it must
 * resolve within {@code window}; its resolution reaches the executor as the RollbackModel's
 * withdrawal ({@link #alertResolved}). Verified → the decision's detail says so; the window passes
 * first → {@link Escalation#notEffective} (a Notify decision). Keyed by namespace/model/bad version:
 * one verification per bad version at a time.
 */
final class RollbackVerifier {

    /** What happens to a decision when its verification ends. */
    interface Escalation {
        void verified(String decisionId, Duration afterRollback);

        void notEffective(String decisionId, RollbackModel action, Duration window);
    }

    private record Pending(String decisionId, RollbackModel action, Instant rolledBackAt) {
    }

    private final Duration window;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Escalation escalation;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    /** Resolutions that arrived before their rollback ended (the rollback may have been slow). */
    private final Map<String, Instant> resolvedEarly = new ConcurrentHashMap<>();

    RollbackVerifier(Duration window, Clock clock, ScheduledExecutorService timer, Escalation escalation) {
        this.window = window;
        this.clock = clock;
        this.timer = timer;
        this.escalation = escalation;
    }

    /** A rollback ended EXECUTED: start the window (or verify at once if the alert already resolved). */
    void expect(String decisionId, RollbackModel action) {
        Instant now = clock.instant();
        String key = key(action);
        Instant early = resolvedEarly.remove(key);
        if (early != null && !early.isBefore(now.minus(window))) {
            escalation.verified(decisionId, Duration.ZERO);
            return;
        }
        pending.put(key, new Pending(decisionId, action, now));
        timer.schedule(() -> expire(key, decisionId), window.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The RollbackModel was withdrawn: its alert resolved (or expired). The id verified, if one waited. */
    Optional<String> alertResolved(RollbackModel action) {
        Instant now = clock.instant();
        Pending waiting = pending.remove(key(action));
        if (waiting == null) {
            resolvedEarly.put(key(action), now);
            timer.schedule(() -> resolvedEarly.remove(key(action), now), window.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.empty();
        }
        escalation.verified(waiting.decisionId(), Duration.between(waiting.rolledBackAt(), now));
        return Optional.of(waiting.decisionId());
    }

    private void expire(String key, String decisionId) {
        Pending waiting = pending.get(key);
        if (waiting != null && waiting.decisionId().equals(decisionId) && pending.remove(key, waiting)) {
            escalation.notEffective(decisionId, waiting.action(), window);
        }
    }

    private static String key(RollbackModel action) {
        return action.namespace() + "/" + action.model() + "@" + action.badVersion();
    }
}
