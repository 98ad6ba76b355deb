package dev.odpe.rules.runtime;

import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves working memory from one session into a new one over another pack (the engine does it on its
 * evaluation thread between two batches when a new pack passed the gate): the firing alerts are fired into the new session (in {@code startsAt} order, at
 * {@code now}, so their expiry counts from the swap like a refresh), the new pack's rules run,
 * and what it derives is compared with what the old session held, as values. An intent both hold is
 * left alone (no withdraw and re-emit: no action flaps); one only the old held is withdrawn; one only the
 * new derives is emitted — each then decided like any other outcome.
 */
public final class SessionSwap {

    /** The new session and the outcomes to decide. */
    public record Result(RuleSession session, List<RuleOutcome> outcomes, int carriedAlerts, int keptIntents) {}

    private SessionSwap() {}

    public static Result swap(RuleSession old, RulePack next, RulePackSettings settings, Instant now) {
        RuleSession fresh = carry(old, next, settings, now);
        List<RuleOutcome> derived = fresh.evaluate();
        Map<RemediationAction, RuleOutcome.Emitted> held = new LinkedHashMap<>();
        for (RuleOutcome.Emitted intent : old.liveIntents()) {
            held.put(intent.action(), intent);
        }
        List<RuleOutcome> emitted = new ArrayList<>();
        int kept = 0;
        for (RuleOutcome outcome : derived) {
            if (outcome instanceof RuleOutcome.Emitted && held.remove(outcome.action()) != null) {
                kept++;
            } else {
                emitted.add(outcome);
            }
        }
        List<RuleOutcome> outcomes = new ArrayList<>(held.size() + emitted.size());
        for (RuleOutcome.Emitted gone : held.values()) {
            outcomes.add(new RuleOutcome.Withdrawn(gone.rule(), gone.action(), gone.causes()));
        }
        outcomes.addAll(emitted);
        return new Result(fresh, outcomes, fresh.firingAlerts().size(), kept);
    }

    /** A session over {@code next} holding the firing alerts of {@code old}, not yet evaluated. */
    public static RuleSession carry(RuleSession old, RulePack next, RulePackSettings settings, Instant now) {
        RuleSession fresh = next.newSession(settings);
        fresh.advanceTo(now);
        List<AlertSignal> firing = new ArrayList<>(old.firingAlerts());
        firing.sort(Comparator.comparing(AlertSignal::startsAt).thenComparing(AlertSignal::fingerprint));
        for (AlertSignal alert : firing) {
            fresh.fire(alert);
        }
        return fresh;
    }
}
