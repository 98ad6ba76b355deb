package dev.odpe.rules.cli;

import dev.odpe.rules.runtime.CompileProblem;
import java.nio.file.Path;

/** How problems are printed: {@code FILE:LINE: message}, the file as the user can open it. */
final class Reports {

    private Reports() {}

    static String problem(Path packDir, CompileProblem problem) {
        String file = problem.file() == null || problem.file().isEmpty()
                ? packDir.toString()
                : packDir.resolve(problem.file()).toString();
        return problem.line() > 0
                ? file + ":" + problem.line() + ": " + problem.message()
                : file + ": " + problem.message();
    }
}
