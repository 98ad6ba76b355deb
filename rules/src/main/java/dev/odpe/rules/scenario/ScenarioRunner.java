package dev.odpe.rules.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RuleSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plays golden scenarios against a {@link RulePack}. A scenario is a folder holding
 * {@code in-NN-*.json} steps (read in name order; each file one step or a list of steps),
 * {@code expected-actions.json} (the ordered outcomes) and optionally {@code settings.json}.
 * Any other file in the folder fails the scenario: nothing there goes unread. See rules/README.md.
 */
public final class ScenarioRunner {

    public static final String EXPECTED = "expected-actions.json";
    public static final String SETTINGS = "settings.json";
    public static final String STEP_PREFIX = "in-";
    private static final String JSON = ".json";

    private final RulePack pack;
    private final ObjectMapper json = ScenarioJson.mapper();

    public ScenarioRunner(RulePack pack) {
        this.pack = pack;
    }

    /** The scenario folders directly under {@code root}, sorted by name. */
    public static List<Path> scenarioFolders(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + root.toAbsolutePath(), e);
        }
    }

    /** Runs the scenario and throws an {@link AssertionError} describing every difference. */
    public void check(Path folder) {
        ScenarioResult result = run(folder);
        if (!result.passed()) {
            throw new AssertionError(result.describe());
        }
    }

    /** Runs the scenario and reports what was expected, what happened and any folder problems. */
    public ScenarioResult run(Path folder) {
        String name = folder.getFileName().toString();
        List<String> problems = new ArrayList<>();
        List<Path> stepFiles = new ArrayList<>();
        Path expectedFile = null;
        Path settingsFile = null;
        for (Path entry : list(folder)) {
            String file = entry.getFileName().toString();
            if (file.equals(EXPECTED)) {
                expectedFile = entry;
            } else if (file.equals(SETTINGS)) {
                settingsFile = entry;
            } else if (file.startsWith(STEP_PREFIX) && file.endsWith(JSON) && Files.isRegularFile(entry)) {
                stepFiles.add(entry);
            } else {
                problems.add("unused file " + file + " (a scenario holds only " + STEP_PREFIX + "*" + JSON + ", "
                        + EXPECTED + " and " + SETTINGS + ")");
            }
        }
        if (expectedFile == null) {
            problems.add("missing " + EXPECTED);
        }
        if (stepFiles.isEmpty()) {
            problems.add("no " + STEP_PREFIX + "*" + JSON + " step files");
        }
        List<JsonNode> expected = expectedFile == null ? List.of() : readExpected(expectedFile, problems);
        RulePackSettings settings =
                settingsFile == null ? RulePackSettings.DEFAULTS : read(settingsFile, RulePackSettings.class, problems);
        List<ScenarioStep> steps = new ArrayList<>();
        for (Path stepFile : stepFiles) {
            steps.addAll(readSteps(stepFile, problems));
        }
        if (!problems.isEmpty() || settings == null) {
            return new ScenarioResult(name, expected, List.of(), problems);
        }
        return new ScenarioResult(name, expected, play(settings, steps), problems);
    }

    private List<JsonNode> play(RulePackSettings settings, List<ScenarioStep> steps) {
        List<JsonNode> actual = new ArrayList<>();
        try (RuleSession session = pack.newSession(settings)) {
            for (ScenarioStep step : steps) {
                session.advanceTo(step.at());
                if (step.fire() != null) {
                    session.fire(step.fire().toAlert(step.at()));
                } else if (step.resolve() != null) {
                    session.resolve(step.resolve());
                }
                for (RuleOutcome outcome : session.evaluate()) {
                    actual.add(toJson(outcome));
                }
            }
        }
        return actual;
    }

    /** The JSON form of an outcome, as it appears in {@code expected-actions.json}. */
    public JsonNode toJson(RuleOutcome outcome) {
        ObjectNode action = json.createObjectNode();
        action.put("type", outcome.action().type());
        action.setAll((ObjectNode) json.valueToTree(outcome.action()));
        ExpectedOutcome.Kind kind =
                outcome instanceof RuleOutcome.Emitted ? ExpectedOutcome.Kind.EMITTED : ExpectedOutcome.Kind.WITHDRAWN;
        return json.valueToTree(new ExpectedOutcome(kind, outcome.rule(), action, outcome.causes()));
    }

    private List<JsonNode> readExpected(Path file, List<String> problems) {
        ExpectedOutcome[] outcomes = read(file, ExpectedOutcome[].class, problems);
        if (outcomes == null) {
            return List.of();
        }
        List<JsonNode> nodes = new ArrayList<>();
        for (ExpectedOutcome outcome : outcomes) {
            if (!outcome.action().hasNonNull("type")) {
                problems.add(file.getFileName() + ": every action needs a \"type\" (ScalePool, RollbackModel, Notify)");
            }
            nodes.add(json.valueToTree(outcome));
        }
        return nodes;
    }

    private List<ScenarioStep> readSteps(Path file, List<String> problems) {
        JsonNode tree = read(file, JsonNode.class, problems);
        if (tree == null) {
            return List.of();
        }
        List<ScenarioStep> steps = new ArrayList<>();
        for (JsonNode node : tree.isArray() ? tree : List.of(tree)) {
            try {
                steps.add(json.treeToValue(node, ScenarioStep.class));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                problems.add(file.getFileName() + ": " + firstLine(e.getMessage()));
            }
        }
        return steps;
    }

    private <T> T read(Path file, Class<T> type, List<String> problems) {
        try {
            return json.readValue(file.toFile(), type);
        } catch (IOException e) {
            problems.add(file.getFileName() + ": " + firstLine(e.getMessage()));
            return null;
        }
    }

    private static List<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenario " + folder.toAbsolutePath(), e);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
