package dev.odpe.rules.runtime;

/** One error from compiling a rule pack, located by file and line (line 0 when Drools gives none). */
public record CompileProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
