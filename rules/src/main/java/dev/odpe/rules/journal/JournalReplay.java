package dev.odpe.rules.journal;

import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RuleSession;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Plays an input journal through a {@link RulePack} the way the engine's evaluation thread played it:
 * a new session at each {@code start} (with that start's settings), and for each evaluation step the
 * clock moved to the step's recorded clock (never the wall clock), its changes applied in order, the
 * rules run once. The outcomes of steps whose facts were replayed at start-up are kept apart: the
 * engine decided nothing on them.
 */
public final class JournalReplay {

    private JournalReplay() {}

    /**
     * One evaluation step of the journal.
     *
     * @param index    position among all steps, from 0
     * @param session  which session (one per {@code start}), from 0
     * @param clock    the step's evaluation clock
     * @param inputs   the changes applied in the step (none for a tick)
     * @param replayed true when its facts were replayed at start-up: its outcomes were not decided
     */
    public record Step(int index, int session, Instant clock, List<InputRecord> inputs, boolean replayed) {

        public Step {
            inputs = List.copyOf(inputs);
        }
    }

    /** The outcomes of one step. */
    public record StepOutcomes(Step step, List<RuleOutcome> outcomes) {

        public StepOutcomes {
            outcomes = List.copyOf(outcomes);
        }
    }

    /**
     * What a pack made of a journal.
     *
     * @param packVersion the version of the pack replayed
     * @param steps       every step with its outcomes, in journal order
     * @param sessions    how many sessions (starts) the journal holds; at least 1
     * @param gaps        records the journal says it lost ({@code gap}); non-zero means the replay may differ
     */
    public record Result(String packVersion, List<StepOutcomes> steps, int sessions, long gaps) {

        public Result {
            steps = List.copyOf(steps);
        }

        /** The outcomes the engine would have decided on: every step's but those of replayed facts. */
        public List<RuleOutcome> decided() {
            List<RuleOutcome> decided = new ArrayList<>();
            for (StepOutcomes step : steps) {
                if (!step.step().replayed()) {
                    decided.addAll(step.outcomes());
                }
            }
            return decided;
        }
    }

    /** The journal's records grouped into evaluation steps, in order. */
    public static List<Step> steps(List<InputRecord> records) {
        List<Step> steps = new ArrayList<>();
        int session = -1;
        List<InputRecord> current = new ArrayList<>();
        InputRecord head = null;
        for (InputRecord record : records) {
            if (record.kind() == InputRecord.Kind.START) {
                flush(steps, head, current, Math.max(session, 0));
                head = null;
                current = new ArrayList<>();
                session++;
                continue;
            }
            if (record.kind() == InputRecord.Kind.GAP) {
                continue;
            }
            if (head != null && head.step() != record.step()) {
                flush(steps, head, current, Math.max(session, 0));
                current = new ArrayList<>();
            }
            if (head == null || head.step() != record.step()) {
                head = record;
            }
            if (record.changesFacts()) {
                current.add(record);
            }
        }
        flush(steps, head, current, Math.max(session, 0));
        return steps;
    }

    private static void flush(List<Step> steps, InputRecord head, List<InputRecord> inputs, int session) {
        if (head == null) {
            return;
        }
        boolean replayed = !inputs.isEmpty() && inputs.stream().allMatch(InputRecord::wasReplayed);
        steps.add(new Step(steps.size(), session, head.clock(), inputs, replayed));
    }

    /** Replays the journal through {@code pack}, each session with the settings its {@code start} recorded. */
    public static Result replay(RulePack pack, List<InputRecord> records) {
        List<RulePackSettings> settings = new ArrayList<>();
        long gaps = 0;
        for (InputRecord record : records) {
            if (record.kind() == InputRecord.Kind.START) {
                settings.add(
                        record.settings() == null
                                ? RulePackSettings.DEFAULTS
                                : record.settings().toSettings());
            } else if (record.kind() == InputRecord.Kind.GAP && record.dropped() != null) {
                gaps += record.dropped();
            }
        }
        if (settings.isEmpty()) {
            settings.add(RulePackSettings.DEFAULTS); // a journal cut out of a longer log: the defaults
        }
        List<StepOutcomes> out = new ArrayList<>();
        RuleSession session = null;
        int sessionIndex = -1;
        try {
            for (Step step : steps(records)) {
                if (step.session() != sessionIndex) {
                    if (session != null) {
                        session.close();
                    }
                    sessionIndex = step.session();
                    session = pack.newSession(settings.get(Math.min(sessionIndex, settings.size() - 1)));
                }
                out.add(new StepOutcomes(step, play(session, step)));
            }
        } finally {
            if (session != null) {
                session.close();
            }
        }
        return new Result(pack.version(), out, settings.size(), gaps);
    }

    private static List<RuleOutcome> play(RuleSession session, Step step) {
        session.advanceTo(step.clock());
        for (InputRecord input : step.inputs()) {
            apply(session, input);
        }
        return session.evaluate();
    }

    /** As the engine's FactChanges applies an alert change. */
    private static void apply(RuleSession session, InputRecord input) {
        switch (input.kind()) {
            case FIRED -> session.fire(input.alert().toSignal());
            case REFRESHED -> {
                AlertSignal refresh = input.alert().toSignal();
                session.firingAlert(refresh.fingerprint())
                        .filter(live -> live.startsAt().equals(refresh.startsAt()))
                        .ifPresent(session::fire);
            }
            case RESOLVED -> session.resolve(input.fingerprint(), input.startsAt());
            default -> throw new IllegalArgumentException("not a change: " + input.kind());
        }
    }
}
