package dev.odpe.engine.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The PrometheusRule of {@code k8s/observability/}: its alerts, and its spec as a plain rule file for promtool. */
record AlertRules(JsonNode resource) {

    /** Relative to the engine module, where Maven runs its tests. */
    static final Path FILE = Path.of("..", "k8s", "observability", "prometheusrule.yaml");

    static final Path UNIT_TESTS = Path.of("..", "k8s", "observability", "tests", "odpe-alerts.test.yml");

    record Rule(String name, String expr, JsonNode annotations) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static AlertRules load() throws IOException {
        return new AlertRules(YAML.readTree(FILE.toFile()));
    }

    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (JsonNode group : resource.path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                rules.add(new Rule(
                        rule.path("alert").asText(rule.path("record").asText()),
                        rule.path("expr").asText(),
                        rule.path("annotations")));
            }
        }
        return rules;
    }

    /** Writes the spec (what promtool reads: {@code groups:}) to {@code file}. */
    void writeRuleFile(Path file) throws IOException {
        YAML.writeValue(file.toFile(), resource.path("spec"));
    }
}
