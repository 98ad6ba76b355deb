package dev.odpe.rules.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Collectors;

/** What a scenario expected, what the rules did, and what was wrong with the folder itself. */
public record ScenarioResult(String name, List<JsonNode> expected, List<JsonNode> actual, List<String> problems) {

    public ScenarioResult {
        expected = List.copyOf(expected);
        actual = List.copyOf(actual);
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty() && expected.equals(actual);
    }

    /** A human-readable account of the failure, one outcome per line. */
    public String describe() {
        if (passed()) {
            return "scenario " + name + " passed";
        }
        StringBuilder text = new StringBuilder("scenario ").append(name).append(" failed");
        if (!problems.isEmpty()) {
            text.append("\nproblems:\n  ").append(String.join("\n  ", problems));
            return text.toString();
        }
        int first = 0;
        while (first < expected.size()
                && first < actual.size()
                && expected.get(first).equals(actual.get(first))) {
            first++;
        }
        text.append(" at outcome #")
                .append(first + 1)
                .append("\nexpected:\n")
                .append(lines(expected))
                .append("\nactual:\n")
                .append(lines(actual));
        return text.toString();
    }

    private static String lines(List<JsonNode> nodes) {
        return nodes.isEmpty() ? "  (none)" : nodes.stream().map(n -> "  " + n).collect(Collectors.joining("\n"));
    }
}
