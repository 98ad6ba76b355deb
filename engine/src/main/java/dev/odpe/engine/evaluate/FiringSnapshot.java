package dev.odpe.engine.evaluate;

import dev.odpe.rules.fact.AlertSignal;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * What a level-triggered source of truth (Alertmanager's alert API) says fires right now, for the
 * evaluation thread to reconcile working memory against ({@link Reconciliation}).
 *
 * @param firing    every alert the source holds as firing
 * @param speaksFor the facts this source is the truth for (Alertmanager's alerts, not drift facts): only
 *                  those are resolved when missing from {@code firing}
 * @param complete  false when part of the source did not answer: then missing alerts are not resolved,
 *                  since an error must never read as "everything resolved"
 */
public record FiringSnapshot(List<AlertSignal> firing, Predicate<String> speaksFor, boolean complete) {

    public FiringSnapshot {
        firing = List.copyOf(firing);
        Objects.requireNonNull(speaksFor, "speaksFor");
    }
}
