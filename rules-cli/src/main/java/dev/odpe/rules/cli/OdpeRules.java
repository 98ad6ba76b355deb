package dev.odpe.rules.cli;

import dev.odpe.rules.runtime.RulePackException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code odpe-rules} command line: {@code check}, {@code test} and {@code replay} a rule pack
 * (docs/rules-cli.md). Exit codes: 0 all good, 1 the pack has problems (or, with {@code --fail-on-diff},
 * the replay differs), 2 the command line or an input it names is wrong. Bad input gets a message,
 * never a stack trace.
 */
public final class OdpeRules {

    static final int OK = 0;
    static final int PROBLEMS = 1;
    static final int USAGE = 2;

    static final String USAGE_TEXT = """
            usage: odpe-rules <command> [options]

              check DIR                        compile the pack in DIR and lint it (every event type
                                               declares @expires); problems as FILE:LINE: message
              test DIR [--scenarios DIR]       the full gate: compile, lint and play the golden scenarios
                                               (default DIR/scenarios); PASS/FAIL per scenario
              replay --journal FILE --pack DIR [--against DIR] [--format text|markdown] [--fail-on-diff]
                                               replay an input journal through a pack, or through two
                                               packs side by side and print where their decisions differ
                                               (--pack: the candidate, --against: the baseline)
              help                             this text

            exit codes: 0 ok, 1 problems found (or a difference with --fail-on-diff), 2 usage or input error
            """;

    private final PrintStream out;
    private final PrintStream err;

    public OdpeRules(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String... args) {
        if (args.length == 0) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return switch (args[0]) {
                case "check" -> new CheckCommand(out).run(rest);
                case "test" -> new TestCommand(out).run(rest);
                case "replay" -> new ReplayCommand(out, err).run(rest);
                case "help", "--help", "-h" -> {
                    out.print(USAGE_TEXT);
                    yield OK;
                }
                default -> throw new UsageException("unknown command " + args[0]);
            };
        } catch (UsageException e) {
            err.println("odpe-rules: " + e.getMessage());
            err.println("run odpe-rules help for the usage");
            return USAGE;
        } catch (UncheckedIOException e) {
            err.println("odpe-rules: " + e.getMessage() + ": " + e.getCause().getMessage());
            return USAGE;
        } catch (RulePackException e) {
            err.println("odpe-rules: " + e.getMessage());
            return PROBLEMS;
        }
    }
}
