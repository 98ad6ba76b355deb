package dev.odpe.rules.gate;

import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.scenario.ScenarioResult;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link PackGate} found: the compiled pack (absent when it does not compile), every problem with
 * file and line (compile errors and lint), and every golden scenario that failed.
 *
 * @param pack            the compiled pack; present also when a lint problem or a scenario failed
 * @param problems        compile errors and lint findings, each with file and line
 * @param failedScenarios scenarios whose outcomes differed from {@code expected-actions.json}, or whose folder
 *                        was unreadable
 * @param scenariosRun    how many scenario folders were played
 */
public record GateResult(
        Optional<RulePack> pack, List<CompileProblem> problems, List<ScenarioResult> failedScenarios, int scenariosRun) {

    public GateResult {
        problems = List.copyOf(problems);
        failedScenarios = List.copyOf(failedScenarios);
    }

    /** True when the pack may become active: it compiled, lint found nothing and every scenario passed. */
    public boolean passed() {
        return pack.isPresent() && problems.isEmpty() && failedScenarios.isEmpty();
    }

    /** One line for a log or a status: passed, or how many problems and failed scenarios. */
    public String summary() {
        if (passed()) {
            return "passed: compiled, every event type declares @expires, " + scenariosRun + " scenarios passed";
        }
        StringBuilder text = new StringBuilder(pack.isPresent() ? "rejected" : "rejected: does not compile");
        if (!problems.isEmpty()) {
            text.append("; ").append(problems.size()).append(" problem(s): ");
            text.append(problems.stream().map(CompileProblem::toString).collect(Collectors.joining("; ")));
        }
        if (!failedScenarios.isEmpty()) {
            text.append("; failed scenario(s): ")
                    .append(failedScenarios.stream().map(ScenarioResult::name).collect(Collectors.joining(", ")));
        }
        return text.toString();
    }

    /** Everything: the summary, then each failed scenario's expected and actual outcomes. */
    public String describe() {
        StringBuilder text = new StringBuilder(summary());
        for (ScenarioResult failed : failedScenarios) {
            text.append('\n').append(failed.describe());
        }
        return text.toString();
    }
}
