package dev.odpe.rules.cli;

import dev.odpe.rules.gate.GateResult;
import dev.odpe.rules.gate.PackGate;
import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.runtime.RulePack;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code check DIR}: the gate without scenarios, i.e. compile and the {@code @expires} lint. */
final class CheckCommand {

    private final PrintStream out;

    CheckCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> args) {
        Args parsed = Args.parse("check", args, Set.of(), Set.of());
        Path dir = parsed.directory("pack directory", parsed.single("pack directory"));
        GateResult result = PackGate.check(dir, Optional.empty());
        for (CompileProblem problem : result.problems()) {
            out.println(Reports.problem(dir, problem));
        }
        if (!result.passed()) {
            out.println("check failed: " + result.problems().size() + " problem(s) in " + dir
                    + (result.pack().isEmpty() ? " (does not compile)" : ""));
            return OdpeRules.PROBLEMS;
        }
        RulePack pack = result.pack().orElseThrow();
        out.println("check passed: " + dir + ", " + pack.files().size() + " file(s), "
                + pack.ruleNames().size() + " rule(s), version " + pack.version());
        return OdpeRules.OK;
    }
}
