package dev.odpe.engine.evaluate;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.runtime.RuleSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes that bring working memory to what a {@link FiringSnapshot} says, computed on the
 * evaluation thread against the session as it is: fire what is missing (or fires again since a later
 * {@code startsAt}), resolve what the source no longer holds, leave the rest untouched so nothing is
 * decided twice. Pure: the changes are applied like any other batch's.
 */
final class Reconciliation {

    private Reconciliation() {}

    static List<AlertChange> changes(RuleSession session, FiringSnapshot snapshot) {
        List<AlertChange> changes = new ArrayList<>();
        Map<String, AlertSignal> truth = new HashMap<>();
        for (AlertSignal alert : snapshot.firing()) {
            truth.put(alert.fingerprint(), alert);
            boolean known = session.firingAlert(alert.fingerprint())
                    .filter(inMemory -> !inMemory.startsAt().isBefore(alert.startsAt()))
                    .isPresent();
            if (!known) {
                changes.add(new AlertChange.Fired(alert));
            }
        }
        if (snapshot.complete()) {
            for (AlertSignal inMemory : session.firingAlerts()) {
                if (snapshot.speaksFor().test(inMemory.fingerprint()) && !truth.containsKey(inMemory.fingerprint())) {
                    changes.add(new AlertChange.Resolved(inMemory.fingerprint(), inMemory.startsAt()));
                }
            }
        }
        return changes;
    }
}
