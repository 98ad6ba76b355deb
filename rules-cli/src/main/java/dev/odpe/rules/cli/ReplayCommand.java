package dev.odpe.rules.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.rules.gate.GateResult;
import dev.odpe.rules.gate.PackGate;
import dev.odpe.rules.journal.JournalReader;
import dev.odpe.rules.journal.JournalReplay;
import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code replay --journal FILE --pack DIR [--against DIR]}: plays a recorded input journal through a
 * pack (on the journal's clock) and prints its decisions, or plays it through two packs and prints
 * where the candidate ({@code --pack}) decides differently from the baseline ({@code --against}).
 */
final class ReplayCommand {

    private final PrintStream out;
    private final PrintStream err;

    ReplayCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) {
        Args parsed =
                Args.parse("replay", args, Set.of("journal", "pack", "against", "format"), Set.of("fail-on-diff"));
        parsed.noPositional();
        Path journalFile = parsed.file("journal", parsed.required("journal"));
        Path packDir = parsed.directory("pack directory", parsed.required("pack"));
        Optional<Path> againstDir = parsed.option("against").map(dir -> parsed.directory("pack directory", dir));
        String format = parsed.option("format").orElse("text");
        if (!format.equals("text") && !format.equals("markdown")) {
            throw new UsageException("replay: --format is text or markdown, not " + format);
        }

        JournalReader.Journal journal = read(journalFile);
        if (!journal.problems().isEmpty()) {
            journal.problems().forEach(problem -> err.println(problem));
            throw new UsageException(
                    "replay: " + journal.problems().size() + " unreadable record(s) in " + journalFile);
        }
        if (journal.records().isEmpty()) {
            throw new UsageException("replay: " + journalFile + " holds no input records (schema odpe.input/1)");
        }
        if (journal.skippedLines() > 0) {
            err.println("note: skipped " + journal.skippedLines() + " line(s) of " + journalFile
                    + " that hold no input record");
        }

        Optional<RulePack> candidate = compile(packDir);
        Optional<RulePack> baseline = againstDir.flatMap(this::compile);
        if (candidate.isEmpty() || (againstDir.isPresent() && baseline.isEmpty())) {
            return OdpeRules.PROBLEMS;
        }

        JournalReplay.Result candidateRun = JournalReplay.replay(candidate.get(), journal.records());
        if (candidateRun.gaps() > 0) {
            err.println("warning: the journal lost " + candidateRun.gaps() + " record(s) (gap): decisions after a"
                    + " gap may differ from the engine's");
        }
        List<JournalReplay.Step> steps = candidateRun.steps().stream()
                .map(JournalReplay.StepOutcomes::step)
                .toList();
        ReplayReport.JournalSummary summary = new ReplayReport.JournalSummary(
                journalFile.toString(),
                (int) journal.records().stream().filter(r -> r.changesFacts()).count(),
                steps,
                candidateRun.sessions());
        ReplayReport report = new ReplayReport(out, format.equals("markdown"));
        ScenarioRunner json = new ScenarioRunner(candidate.get());
        List<List<JsonNode>> candidateDecisions = decisions(json, candidateRun);
        ReplayReport.PackRun candidatePack = new ReplayReport.PackRun(
                "candidate", packDir.toString(), candidateRun.packVersion(), count(candidateDecisions));
        if (baseline.isEmpty()) {
            report.decisions(summary, candidatePack, candidateDecisions);
            return OdpeRules.OK;
        }
        JournalReplay.Result baselineRun = JournalReplay.replay(baseline.get(), journal.records());
        List<List<JsonNode>> baselineDecisions = decisions(json, baselineRun);
        List<DecisionDiff.Change> changes = DecisionDiff.between(steps, baselineDecisions, candidateDecisions);
        report.diff(
                summary,
                candidatePack,
                new ReplayReport.PackRun(
                        "baseline", againstDir.get().toString(), baselineRun.packVersion(), count(baselineDecisions)),
                changes);
        return !changes.isEmpty() && parsed.flag("fail-on-diff") ? OdpeRules.PROBLEMS : OdpeRules.OK;
    }

    private static JournalReader.Journal read(Path file) {
        try {
            return JournalReader.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The pack, or empty after printing why it does not compile. */
    private Optional<RulePack> compile(Path dir) {
        GateResult result = PackGate.check(dir, Optional.empty());
        for (CompileProblem problem : result.problems()) {
            err.println(Reports.problem(dir, problem));
        }
        if (result.pack().isEmpty()) {
            err.println("replay: " + dir + " does not compile");
        }
        return result.pack();
    }

    /** Per step, the decisions (not the outcomes of facts replayed at the engine's start-up). */
    private static List<List<JsonNode>> decisions(ScenarioRunner json, JournalReplay.Result run) {
        List<List<JsonNode>> perStep = new ArrayList<>(run.steps().size());
        for (JournalReplay.StepOutcomes step : run.steps()) {
            List<JsonNode> decisions = new ArrayList<>();
            if (!step.step().replayed()) {
                for (RuleOutcome outcome : step.outcomes()) {
                    decisions.add(json.toJson(outcome));
                }
            }
            perStep.add(decisions);
        }
        return perStep;
    }

    private static int count(List<List<JsonNode>> perStep) {
        return perStep.stream().mapToInt(List::size).sum();
    }
}
