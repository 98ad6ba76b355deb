package dev.odpe.rules.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odpe.rules.journal.InputRecord;
import dev.odpe.rules.journal.JournalReplay;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;

/** Prints a replay: the decisions of one pack, or the differences between two, as text or Markdown. */
final class ReplayReport {

    /** A pack as the report names it. */
    record PackRun(String label, String dir, String version, int decisions) {}

    /** What was replayed. */
    record JournalSummary(String file, int inputs, List<JournalReplay.Step> steps, int sessions) {}

    private final PrintStream out;
    private final boolean markdown;

    ReplayReport(PrintStream out, boolean markdown) {
        this.out = out;
        this.markdown = markdown;
    }

    /** One pack: every decision it made, by step. */
    void decisions(JournalSummary journal, PackRun pack, List<List<JsonNode>> perStep) {
        if (markdown) {
            out.println("### odpe-rules replay: " + pack.decisions() + " decision(s)");
            out.println();
            out.println(journalLine(journal));
            out.println();
            out.println("Pack `" + pack.dir() + "` (`" + pack.version() + "`).");
            out.println();
            if (pack.decisions() > 0) {
                out.println("| step | clock | input | kind | rule | action | causes |");
                out.println("|---:|---|---|---|---|---|---|");
            }
        } else {
            out.println(journalLine(journal));
            out.println("pack " + pack.dir() + " (" + pack.version() + "): " + pack.decisions() + " decision(s)");
        }
        for (int i = 0; i < journal.steps().size(); i++) {
            JournalReplay.Step step = journal.steps().get(i);
            List<JsonNode> decisions = perStep.get(i);
            if (decisions.isEmpty()) {
                continue;
            }
            if (!markdown) {
                out.println();
                out.println(stepLine(step));
            }
            for (JsonNode decision : decisions) {
                if (markdown) {
                    out.println(row(step, decision.path("kind").asText(), decision, action(decision.get("action"))));
                } else {
                    out.println("  " + decision.path("kind").asText() + " "
                            + decision.path("rule").asText() + " " + action(decision.get("action")) + " causes "
                            + decision.get("causes"));
                }
            }
        }
    }

    /** Two packs: where the candidate's decisions differ from the baseline's. */
    void diff(JournalSummary journal, PackRun candidate, PackRun baseline, List<DecisionDiff.Change> changes) {
        long steps = changes.stream().map(c -> c.step().index()).distinct().count();
        if (markdown) {
            out.println("### odpe-rules replay: "
                    + (changes.isEmpty() ? "no decision differs" : changes.size() + " decision(s) differ"));
            out.println();
            out.println(journalLine(journal));
            out.println();
            out.println("| | pack | version | decisions |");
            out.println("|---|---|---|---:|");
            out.println("| candidate | `" + cell(candidate.dir()) + "` | `" + candidate.version() + "` | "
                    + candidate.decisions() + " |");
            out.println("| baseline | `" + cell(baseline.dir()) + "` | `" + baseline.version() + "` | "
                    + baseline.decisions() + " |");
            if (!changes.isEmpty()) {
                out.println();
                out.println("| step | clock | input | change | rule | action | causes |");
                out.println("|---:|---|---|---|---|---|---|");
                for (DecisionDiff.Change change : changes) {
                    out.println(row(change.step(), changeName(change), decisionOf(change), actionOf(change)));
                }
            }
            return;
        }
        out.println(journalLine(journal));
        out.println("candidate " + candidate.dir() + " (" + candidate.version() + "): " + candidate.decisions()
                + " decision(s)");
        out.println("baseline  " + baseline.dir() + " (" + baseline.version() + "): " + baseline.decisions()
                + " decision(s)");
        if (changes.isEmpty()) {
            out.println("no decision differs");
            return;
        }
        out.println(changes.size() + " decision(s) differ in " + steps + " step(s)"
                + " (+ only the candidate, - only the baseline, ~ a different action):");
        int lastStep = -1;
        for (DecisionDiff.Change change : changes) {
            if (change.step().index() != lastStep) {
                lastStep = change.step().index();
                out.println();
                out.println(stepLine(change.step()));
            }
            JsonNode decision = decisionOf(change);
            String mark = switch (change.type()) {
                case ADDED -> "+";
                case REMOVED -> "-";
                case CHANGED -> "~";
            };
            out.println("  " + mark + " " + decision.path("kind").asText() + " "
                    + decision.path("rule").asText() + " " + actionOf(change) + " causes " + decision.get("causes"));
        }
    }

    private static String changeName(DecisionDiff.Change change) {
        return switch (change.type()) {
            case ADDED -> "only candidate";
            case REMOVED -> "only baseline";
            case CHANGED -> "changed";
        };
    }

    private static JsonNode decisionOf(DecisionDiff.Change change) {
        return change.candidate() != null ? change.candidate() : change.baseline();
    }

    private static String actionOf(DecisionDiff.Change change) {
        if (change.type() != DecisionDiff.Change.Type.CHANGED) {
            return action(decisionOf(change).get("action"));
        }
        JsonNode before = change.baseline().get("action");
        JsonNode after = change.candidate().get("action");
        List<String> fields = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        before.fieldNames().forEachRemaining(names::add);
        after.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            if (!Objects.equals(before.get(name), after.get(name))) {
                fields.add(name + ": " + value(before.get(name)) + " -> " + value(after.get(name)));
            }
        }
        return before.path("type").asText() + " " + String.join(", ", fields);
    }

    private static String value(JsonNode node) {
        return node == null ? "(none)" : node.isTextual() ? node.asText() : node.toString();
    }

    /** An action as {@code Type {fields}}. */
    static String action(JsonNode action) {
        if (action == null || !action.isObject()) {
            return String.valueOf(action);
        }
        ObjectNode fields = ((ObjectNode) action).deepCopy();
        fields.remove("type");
        return action.path("type").asText() + " " + fields;
    }

    private String row(JournalReplay.Step step, String change, JsonNode decision, String action) {
        List<String> causes = new ArrayList<>();
        decision.path("causes").forEach(c -> causes.add("`" + cell(c.asText()) + "`"));
        return "| " + (step.index() + 1) + " | " + step.clock() + " | " + cell(inputOf(step)) + " | " + change + " | `"
                + cell(decision.path("rule").asText()) + "` | " + cell(action) + " | " + String.join(" ", causes)
                + " |";
    }

    private static String journalLine(JournalSummary journal) {
        List<JournalReplay.Step> steps = journal.steps();
        String span = steps.isEmpty()
                ? ""
                : ", clock " + steps.get(0).clock() + " .. "
                        + steps.get(steps.size() - 1).clock();
        return "replayed " + journal.file() + ": " + journal.inputs() + " input(s) in " + steps.size() + " step(s)"
                + span + ", " + journal.sessions() + " session(s)";
    }

    private static String stepLine(JournalReplay.Step step) {
        return "step " + (step.index() + 1) + " at " + step.clock() + ": " + inputOf(step);
    }

    /** The step's input in a few words: the first change and how many more, or a clock tick. */
    static String inputOf(JournalReplay.Step step) {
        if (step.inputs().isEmpty()) {
            return "clock tick";
        }
        InputRecord first = step.inputs().get(0);
        StringBuilder text = new StringBuilder(kindOf(first)).append(' ').append(first.fingerprint());
        if (first.source() != null) {
            text.append(" (").append(first.source()).append(')');
        }
        if (step.inputs().size() > 1) {
            text.append(" and ").append(step.inputs().size() - 1).append(" more");
        }
        return text.toString();
    }

    private static String kindOf(InputRecord record) {
        String kind = switch (record.kind()) {
            case FIRED -> "fired";
            case REFRESHED -> "refreshed";
            case RESOLVED -> "resolved";
            default -> record.kind().name().toLowerCase(Locale.ROOT);
        };
        return record.wasReconciled() ? kind + " (resync)" : kind;
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
