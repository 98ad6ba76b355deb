package dev.odpe.engine.evaluate;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.odpe.engine.decision.ActionJsonSerializer;
import dev.odpe.engine.decision.Cause;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.runtime.RuleOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Where the shadow pack and the active one disagree on the same input: each batch's outcomes of both
 * sessions, matched as values. Equal outcome (kind, action, causes): they agree. Same kind and causes
 * but another action (a boost by 3 instead of 2): {@code different-action}. Otherwise the outcome is
 * {@code only-active} or {@code only-shadow}. Disagreements are kept newest first, bounded.
 */
@ApplicationScoped
public class ShadowComparisons {

    /** How many disagreements are kept for {@code GET /api/v1/rules/shadow}. */
    static final int CAPACITY = 1000;

    /** The {@code agreement} tag of {@code odpe_shadow_decisions_total}. */
    public enum Agreement {
        AGREE,
        ONLY_ACTIVE,
        ONLY_SHADOW,
        DIFFERENT_ACTION;

        public String tag() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** The tag back to the value; null when it names none. */
        public static Agreement fromTag(String tag) {
            for (Agreement agreement : values()) {
                if (agreement.tag().equals(tag)) {
                    return agreement;
                }
            }
            return null;
        }
    }

    /** One pack's side of a disagreement: the rule and the action it emitted or withdrew. */
    public record Side(
            String rule,

            @JsonSerialize(using = ActionJsonSerializer.class)
            RemediationAction action) {}

    /**
     * One outcome the two packs disagree on.
     *
     * @param intent        {@code EMITTED} or {@code WITHDRAWN}
     * @param active        what the active pack decided; null for {@code only-shadow}
     * @param shadow        what the shadow pack would have decided; null for {@code only-active}
     * @param causes        the alerts that caused it
     * @param activeVersion the active pack's version (and commit) at that moment
     */
    public record Disagreement(
            Instant time,
            String agreement,
            String intent,
            Side active,
            Side shadow,
            List<Cause> causes,
            String activeVersion,
            String activeCommit,
            String shadowVersion,
            String shadowCommit) {}

    private final Map<Agreement, Counter> counters = new EnumMap<>(Agreement.class);
    private final Deque<Disagreement> newestFirst = new ArrayDeque<>();

    public ShadowComparisons(MeterRegistry meters) {
        for (Agreement agreement : Agreement.values()) {
            counters.put(
                    agreement,
                    Counter.builder("odpe.shadow.decisions")
                            .description("Outcomes of the active and the shadow rule pack on the same input, by"
                                    + " agreement: agree, only-active, only-shadow, different-action")
                            .tag("agreement", agreement.tag())
                            .register(meters));
        }
    }

    /**
     * Compares one batch's outcomes (evaluation thread); {@code causes} enriches fingerprints with the
     * alerts in working memory. Returns the disagreements found.
     */
    List<Disagreement> compare(
            Instant at,
            List<RuleOutcome> activeOutcomes,
            List<RuleOutcome> shadowOutcomes,
            ActivePack activePack,
            ActivePack shadowPack,
            Function<RuleOutcome, List<Cause>> causes) {
        List<RuleOutcome> onlyActive = new ArrayList<>(activeOutcomes);
        List<RuleOutcome> onlyShadow = new ArrayList<>(shadowOutcomes);
        int agree = 0;
        for (Iterator<RuleOutcome> it = onlyActive.iterator(); it.hasNext(); ) {
            RuleOutcome a = it.next();
            if (removeFirst(
                            onlyShadow,
                            s -> sameKind(a, s)
                                    && a.action().equals(s.action())
                                    && a.causes().equals(s.causes()))
                    != null) {
                it.remove();
                agree++;
            }
        }
        counters.get(Agreement.AGREE).increment(agree);
        List<Disagreement> found = new ArrayList<>();
        for (RuleOutcome a : onlyActive) {
            RuleOutcome s =
                    removeFirst(onlyShadow, o -> sameKind(a, o) && a.causes().equals(o.causes()));
            Agreement agreement = s == null ? Agreement.ONLY_ACTIVE : Agreement.DIFFERENT_ACTION;
            found.add(disagreement(at, agreement, a, s, activePack, shadowPack, causes.apply(a)));
        }
        for (RuleOutcome s : onlyShadow) {
            found.add(disagreement(at, Agreement.ONLY_SHADOW, null, s, activePack, shadowPack, causes.apply(s)));
        }
        synchronized (newestFirst) {
            for (Disagreement d : found) {
                counters.get(Agreement.fromTag(d.agreement())).increment();
                newestFirst.addFirst(d);
                if (newestFirst.size() > CAPACITY) {
                    newestFirst.removeLast();
                }
            }
        }
        return found;
    }

    /** The newest disagreements first, at most {@code limit}, only of {@code agreement} when not null. */
    public List<Disagreement> newest(int limit, Agreement agreement) {
        synchronized (newestFirst) {
            return newestFirst.stream()
                    .filter(d -> agreement == null || d.agreement().equals(agreement.tag()))
                    .limit(limit)
                    .toList();
        }
    }

    /** Outcomes counted so far per agreement. */
    public Map<String, Long> counts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counters.forEach((agreement, counter) -> counts.put(agreement.tag(), (long) counter.count()));
        return counts;
    }

    private static Disagreement disagreement(
            Instant at,
            Agreement agreement,
            RuleOutcome active,
            RuleOutcome shadow,
            ActivePack activePack,
            ActivePack shadowPack,
            List<Cause> causes) {
        RuleOutcome either = active != null ? active : shadow;
        return new Disagreement(
                at,
                agreement.tag(),
                either instanceof RuleOutcome.Withdrawn ? "WITHDRAWN" : "EMITTED",
                active == null ? null : new Side(active.rule(), active.action()),
                shadow == null ? null : new Side(shadow.rule(), shadow.action()),
                causes,
                activePack.version(),
                activePack.commit(),
                shadowPack.version(),
                shadowPack.commit());
    }

    private static boolean sameKind(RuleOutcome a, RuleOutcome b) {
        return a.getClass() == b.getClass();
    }

    private static RuleOutcome removeFirst(List<RuleOutcome> outcomes, Predicate<RuleOutcome> match) {
        for (Iterator<RuleOutcome> it = outcomes.iterator(); it.hasNext(); ) {
            RuleOutcome o = it.next();
            if (match.test(o)) {
                it.remove();
                return o;
            }
        }
        return null;
    }
}
