package dev.odpe.rules.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.rules.journal.JournalReplay;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Where two packs' decisions on the same journal differ, step by step. Within a step, decisions are
 * compared as values ({@code kind}, {@code rule}, {@code action}, {@code causes}), as a multiset; a
 * decision only one pack made is paired with one of the other pack's that has the same kind, rule,
 * causes and action type, and then shown as a changed action.
 */
final class DecisionDiff {

    /** One decision: the scenario JSON form of a rule outcome ({@code kind, rule, action, causes}). */
    record Change(Type type, JournalReplay.Step step, JsonNode baseline, JsonNode candidate) {

        enum Type {
            /** Only the candidate pack ({@code --pack}) decided it. */
            ADDED,
            /** Only the baseline pack ({@code --against}) decided it. */
            REMOVED,
            /** Both decided on the same rule, kind and causes, with a different action. */
            CHANGED
        }
    }

    private DecisionDiff() {}

    /**
     * @param baseline  per step, the baseline pack's decisions (same steps as {@code candidate})
     * @param candidate per step, the candidate pack's decisions
     */
    static List<Change> between(
            List<JournalReplay.Step> steps, List<List<JsonNode>> baseline, List<List<JsonNode>> candidate) {
        List<Change> changes = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            List<JsonNode> onlyBaseline = new ArrayList<>(baseline.get(i));
            List<JsonNode> onlyCandidate = new ArrayList<>();
            for (JsonNode decision : candidate.get(i)) {
                if (!onlyBaseline.remove(decision)) {
                    onlyCandidate.add(decision);
                }
            }
            JournalReplay.Step step = steps.get(i);
            for (JsonNode added : onlyCandidate) {
                JsonNode counterpart = takeCounterpart(onlyBaseline, added);
                changes.add(
                        counterpart == null
                                ? new Change(Change.Type.ADDED, step, null, added)
                                : new Change(Change.Type.CHANGED, step, counterpart, added));
            }
            for (JsonNode removed : onlyBaseline) {
                changes.add(new Change(Change.Type.REMOVED, step, removed, null));
            }
        }
        return changes;
    }

    private static JsonNode takeCounterpart(List<JsonNode> candidates, JsonNode decision) {
        for (Iterator<JsonNode> it = candidates.iterator(); it.hasNext(); ) {
            JsonNode other = it.next();
            if (Objects.equals(other.get("kind"), decision.get("kind"))
                    && Objects.equals(other.get("rule"), decision.get("rule"))
                    && Objects.equals(other.get("causes"), decision.get("causes"))
                    && Objects.equals(
                            other.path("action").get("type"),
                            decision.path("action").get("type"))) {
                it.remove();
                return other;
            }
        }
        return null;
    }
}
