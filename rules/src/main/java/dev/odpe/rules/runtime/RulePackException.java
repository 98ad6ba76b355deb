package dev.odpe.rules.runtime;

import java.util.List;
import java.util.stream.Collectors;

/** The pack could not be loaded or compiled; {@link #problems()} says where. */
public class RulePackException extends RuntimeException {

    private final List<CompileProblem> problems;

    public RulePackException(String summary, List<CompileProblem> problems) {
        super(summary
                + (problems.isEmpty()
                        ? ""
                        : ":\n"
                                + problems.stream()
                                        .map(CompileProblem::toString)
                                        .collect(Collectors.joining("\n"))));
        this.problems = List.copyOf(problems);
    }

    public List<CompileProblem> problems() {
        return problems;
    }
}
