package dev.odpe.rules.runtime;

import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.fact.AlertSignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.Match;

/**
 * Turns working-memory events into {@link RuleOutcome}s: an action record appearing is an
 * {@code Emitted}, its truth-maintained removal (whenever it happens: inside evaluate, resolve or a
 * clock advance that expires an alert) is a {@code Withdrawn}.
 *
 * <p>Drools reports no rule on delete, so the rule and causes are remembered at insert, keyed by
 * the action value (logical facts are equality-based: one live fact per equal action). Pending
 * outcomes are net changes: a withdraw and a re-emit of the same (rule, action, causes) before the
 * next drain cancel out, which is what makes re-firing the same alert silent.
 */
final class OutcomeRecorder implements RuleRuntimeEventListener {

    private record Origin(String rule, List<String> causes) {}

    private final Map<RemediationAction, Origin> origins = new HashMap<>();
    private final List<RuleOutcome> pending = new ArrayList<>();
    private final BiConsumer<AlertSignal, FactHandle> alertDeleted;
    private Match firingMatch;

    /** Created once per session: no per-event listener allocation. */
    final DefaultAgendaEventListener agendaListener = new DefaultAgendaEventListener() {
        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            firingMatch = event.getMatch();
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            firingMatch = null;
        }
    };

    OutcomeRecorder(BiConsumer<AlertSignal, FactHandle> alertDeleted) {
        this.alertDeleted = alertDeleted;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getObject() instanceof RemediationAction action) {
            String rule = event.getRule() != null ? event.getRule().getName() : "";
            Origin origin = new Origin(rule, causesOf(firingMatch));
            origins.put(action, origin);
            record(new RuleOutcome.Emitted(origin.rule(), action, origin.causes()));
        }
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        Object old = event.getOldObject();
        if (old instanceof RemediationAction action) {
            Origin origin = origins.remove(action);
            if (origin != null) {
                record(new RuleOutcome.Withdrawn(origin.rule(), action, origin.causes()));
            }
        } else if (old instanceof AlertSignal alert) {
            alertDeleted.accept(alert, event.getFactHandle());
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // Actions are immutable values and alerts are replaced, never updated in place.
    }

    /** Everything emitted or withdrawn since the last drain, in the order it happened. */
    List<RuleOutcome> drain() {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<RuleOutcome> out = List.copyOf(pending);
        pending.clear();
        return out;
    }

    /** Every live action with the rule and causes that inserted it. */
    List<RuleOutcome.Emitted> live() {
        List<RuleOutcome.Emitted> live = new ArrayList<>(origins.size());
        origins.forEach((action, origin) -> live.add(new RuleOutcome.Emitted(origin.rule(), action, origin.causes())));
        return live;
    }

    /** Number of live actions, for tests and metrics. */
    int liveActions() {
        return origins.size();
    }

    private void record(RuleOutcome outcome) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            RuleOutcome earlier = pending.get(i);
            if (earlier.getClass() != outcome.getClass() && sameIntent(earlier, outcome)) {
                pending.remove(i);
                return;
            }
        }
        pending.add(outcome);
    }

    private static boolean sameIntent(RuleOutcome a, RuleOutcome b) {
        return a.action().equals(b.action())
                && a.rule().equals(b.rule())
                && a.causes().equals(b.causes());
    }

    private static List<String> causesOf(Match match) {
        if (match == null) {
            return List.of();
        }
        List<String> causes = new ArrayList<>(2);
        for (Object fact : match.getObjects()) {
            if (fact instanceof AlertSignal alert) {
                causes.add(alert.fingerprint());
            }
        }
        return causes;
    }
}
