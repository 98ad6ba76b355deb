package dev.odpe.rules.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** {@code java -jar odpe-rules.jar <command> ...}: see {@link OdpeRules} and docs/rules-cli.md. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // A command-line tool's report is what it prints: the one place that names the console.
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(new OdpeRules(out, err).run(args));
    }
}
