package dev.odpe.engine.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline checks of {@code k8s/observability/}: the alerts pass {@code promtool check rules} and their unit
 * tests ({@code promtool test rules}), every alert links a runbook section that exists, the dashboard is
 * provisioned by a ConfigMap the Grafana sidecar picks up and uses only its own variables, and the
 * OpenTelemetry Collector's pipelines are wired (no collector binary is available offline, so this reads
 * the wiring the collector would refuse at start-up). Whether the expressions answer against a real
 * engine is {@link ObservabilityIT}.
 */
class ObservabilityManifestsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Path DIR = Path.of("..", "k8s", "observability");
    private static final Path RUNBOOK = Path.of("..", "docs", "operations", "runbook.md");
    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final String RUNBOOK_URL = "https://github.com/odpe/odpe/blob/main/docs/operations/runbook.md#";

    @TempDir
    Path work;

    @Test
    void promtoolAcceptsTheAlertRulesAndTheirUnitTestsPass() throws Exception {
        // Given the PrometheusRule's spec as a plain rule file next to a copy of its unit tests
        AlertRules.load().writeRuleFile(work.resolve("odpe-rules.yml"));
        Files.copy(AlertRules.UNIT_TESTS, work.resolve("odpe-alerts.test.yml"));

        // When promtool checks them and runs the tests
        String check = promtool("check", "rules", "odpe-rules.yml");
        String test = promtool("test", "rules", "odpe-alerts.test.yml");

        // Then both succeed
        assertThat(check).contains("SUCCESS");
        assertThat(test).contains("SUCCESS");
    }

    @Test
    void everyAlertHasASummaryAndARunbookSectionThatExists() throws IOException {
        // Given the runbook's section anchors, as GitHub renders headings
        Set<String> anchors = new HashSet<>();
        Matcher heading = Pattern.compile("(?m)^#{2,3} (.+)$").matcher(Files.readString(RUNBOOK));
        while (heading.find()) {
            anchors.add(heading.group(1)
                    .trim()
                    .toLowerCase(Locale.ROOT)
                    .replaceAll("[^a-z0-9 -]", "")
                    .replace(' ', '-'));
        }
        // When every alert's annotations are read
        List<String> problems = new ArrayList<>();
        for (AlertRules.Rule rule : AlertRules.load().rules()) {
            String url = rule.annotations().path("runbook_url").asText();
            if (rule.annotations().path("summary").asText().isBlank()) {
                problems.add(rule.name() + ": no summary");
            }
            if (!url.startsWith(RUNBOOK_URL) || !anchors.contains(url.substring(RUNBOOK_URL.length()))) {
                problems.add(rule.name() + ": runbook_url " + url + " is not a section of " + RUNBOOK);
            }
        }
        // Then each links a section that exists
        assertThat(problems).isEmpty();
    }

    @Test
    void theDashboardIsProvisionedByTheGrafanaSidecarAndUsesOnlyItsOwnVariables() throws IOException {
        // Given the kustomization and the dashboard
        JsonNode kustomization = YAML.readTree(DIR.resolve("kustomization.yaml").toFile());
        JsonNode dashboard = Dashboard.load().json();

        // When the ConfigMap generator carrying the dashboard and the dashboard's variables are read
        JsonNode generator = null;
        for (JsonNode each : kustomization.path("configMapGenerator")) {
            if (each.path("files").toString().contains("odpe-dashboard.json")) {
                generator = each;
            }
        }
        Set<String> variables = new HashSet<>(Set.of("__rate_interval", "__range"));
        dashboard
                .path("templating")
                .path("list")
                .forEach(v -> variables.add(v.path("name").asText()));
        List<String> unknown = new ArrayList<>();
        for (PanelQuery query : Dashboard.load().queries()) {
            Matcher used = Pattern.compile("\\$\\{?(\\w+)").matcher(query.expr());
            while (used.find()) {
                if (!variables.contains(used.group(1))) {
                    unknown.add(query + " uses $" + used.group(1));
                }
            }
        }

        // Then the sidecar label is on it, the variables of the issue exist and no query uses another
        assertThat(generator)
                .as("a configMapGenerator with odpe-dashboard.json")
                .isNotNull();
        assertThat(generator
                        .path("options")
                        .path("labels")
                        .path("grafana_dashboard")
                        .asText())
                .isEqualTo("1");
        assertThat(variables).contains("datasource", "namespace", "pool", "model");
        assertThat(unknown).isEmpty();
    }

    @Test
    void everyCollectorPipelineUsesDefinedComponentsAndEveryDefinedComponentIsUsed() throws IOException {
        // Given the collector configuration
        JsonNode config = YAML.readTree(DIR.resolve("otel-collector.yaml").toFile());
        JsonNode pipelines = config.path("service").path("pipelines");

        // When the components each pipeline names are looked up
        List<String> problems = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String kind : List.of("receivers", "processors", "exporters")) {
            pipelines
                    .fields()
                    .forEachRemaining(pipeline -> pipeline.getValue().path(kind).forEach(name -> {
                        used.add(kind + "/" + name.asText());
                        if (!config.path(kind).has(name.asText())) {
                            problems.add(pipeline.getKey() + " names undefined " + kind + " " + name.asText());
                        }
                    }));
            config.path(kind).fieldNames().forEachRemaining(name -> {
                if (!used.contains(kind + "/" + name)) {
                    problems.add(kind + " " + name + " is defined but in no pipeline");
                }
            });
        }
        config.path("service").path("extensions").forEach(name -> {
            if (!config.path("extensions").has(name.asText())) {
                problems.add("service names undefined extension " + name.asText());
            }
        });

        // Then every name resolves, and traces go to Tempo, logs (OTLP and ODPE's pod logs) to Loki, metrics to
        // Prometheus
        assertThat(problems).isEmpty();
        assertThat(names(pipelines.path("traces").path("exporters"))).containsExactly("otlp/tempo");
        assertThat(names(pipelines.path("logs").path("receivers"))).containsExactlyInAnyOrder("otlp", "filelog/odpe");
        assertThat(names(pipelines.path("logs").path("exporters"))).containsExactly("otlphttp/loki");
        assertThat(names(pipelines.path("metrics").path("exporters"))).containsExactly("prometheusremotewrite");
        assertThat(pipelines.path("traces").path("receivers").toString()).contains("otlp");
    }

    @Test
    void theCollectorParsesAuditLinesIntoTheDecisionFieldsAndTheTraceId() throws IOException {
        // Given the filelog receiver's operators
        JsonNode operators = YAML.readTree(DIR.resolve("otel-collector.yaml").toFile())
                .path("receivers")
                .path("filelog/odpe")
                .path("operators");

        // When the operators that route and parse the dev.odpe.audit line are found
        String all = operators.toString();
        JsonNode trace = find(operators, "trace_parser");
        JsonNode audit = find(operators, "regex_parser");

        // Then the trace id comes from the MDC Quarkus writes, and the audit message's JSON is parsed
        assertThat(trace.path("trace_id").path("parse_from").asText()).isEqualTo("attributes.mdc.traceId");
        assertThat(all).contains("dev.odpe.audit");
        assertThat(audit.path("regex").asText()).startsWith("^decision ");
        assertThat(all).contains("odpe.decision.id", "odpe.rule", "odpe.action", "odpe.target", "odpe.outcome");
    }

    private static JsonNode find(JsonNode operators, String type) {
        for (JsonNode operator : operators) {
            if (type.equals(operator.path("type").asText())) {
                return operator;
            }
        }
        throw new AssertionError("no " + type + " operator in " + operators);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }

    private String promtool(String... args) throws IOException, InterruptedException {
        assertThat(PROMTOOL)
                .as("promtool (install with: sudo apt-get install -y prometheus)")
                .isExecutable();
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("promtool finished")
                .isTrue();
        assertThat(process.exitValue())
                .as("promtool %s:%n%s", String.join(" ", args), output)
                .isZero();
        return output;
    }
}
