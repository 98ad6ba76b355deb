package dev.odpe.rules.cli;

import dev.odpe.rules.gate.GateResult;
import dev.odpe.rules.gate.PackGate;
import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.scenario.ScenarioResult;
import dev.odpe.rules.scenario.ScenarioRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code test DIR [--scenarios DIR]}: the whole gate the engine applies before a pack may run
 * (compile, lint, golden scenarios), with a PASS or FAIL line per scenario.
 */
final class TestCommand {

    private final PrintStream out;

    TestCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) {
        Args parsed = Args.parse("test", args, Set.of("scenarios"), Set.of());
        Path dir = parsed.directory("pack directory", parsed.single("pack directory"));
        Path scenarios = parsed.directory(
                "scenarios directory",
                parsed.option("scenarios")
                        .orElse(dir.resolve(PackGate.SCENARIOS_DIR).toString()));
        List<Path> folders = ScenarioRunner.scenarioFolders(scenarios);
        if (folders.isEmpty()) {
            throw new UsageException("test: " + scenarios + " holds no scenario folders");
        }
        GateResult result = PackGate.check(dir, Optional.of(scenarios));
        for (CompileProblem problem : result.problems()) {
            out.println(Reports.problem(dir, problem));
        }
        if (result.pack().isEmpty()) {
            out.println("test failed: " + dir + " does not compile; no scenario was played");
            return OdpeRules.PROBLEMS;
        }
        Map<String, ScenarioResult> failed =
                result.failedScenarios().stream().collect(Collectors.toMap(ScenarioResult::name, Function.identity()));
        for (Path folder : folders) {
            String name = folder.getFileName().toString();
            ScenarioResult failure = failed.get(name);
            if (failure == null) {
                out.println("PASS " + name);
            } else {
                List<String> lines = failure.describe().lines().toList();
                // the first line is "scenario NAME failed[ at outcome #N]": keep where it failed
                String where =
                        lines.get(0).replace("scenario " + name + " failed", "").strip();
                out.println("FAIL " + name + (where.isEmpty() ? "" : " (" + where + ")"));
                lines.stream().skip(1).forEach(line -> out.println("    " + line));
            }
        }
        int passedCount = folders.size() - failed.size();
        if (!result.passed()) {
            out.println("test failed: " + passedCount + " of " + folders.size() + " scenario(s) passed"
                    + (result.problems().isEmpty()
                            ? ""
                            : ", " + result.problems().size() + " problem(s)"));
            return OdpeRules.PROBLEMS;
        }
        out.println("test passed: " + folders.size() + " scenario(s), version "
                + result.pack().get().version());
        return OdpeRules.OK;
    }
}
