package dev.odpe.engine.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The Grafana dashboard of {@code k8s/observability/}, read as Grafana would provision it. */
record Dashboard(JsonNode json) {

    /** Relative to the engine module, where Maven runs its tests. */
    static final Path FILE = Path.of("..", "k8s", "observability", "odpe-dashboard.json");

    static Dashboard load() throws IOException {
        return new Dashboard(new ObjectMapper().readTree(FILE.toFile()));
    }

    /** Every target of every panel (rows included), variables replaced by what "All" and a 1m step give. */
    List<PanelQuery> queries() {
        List<PanelQuery> queries = new ArrayList<>();
        collect(json.path("panels"), queries);
        return queries;
    }

    private static void collect(JsonNode panels, List<PanelQuery> into) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText();
                into.add(new PanelQuery(
                        panel.path("title").asText(), target.path("refId").asText(), expr, substitute(expr)));
            }
            collect(panel.path("panels"), into);
        }
    }

    /**
     * Grafana's variables as the dashboard's "All" selection sends them: {@code allValue} ".*" for the
     * template variables, a one-minute rate interval (four scrapes at Grafana's usual 15 s; the test
     * Prometheus scrapes every second) and a one-hour range.
     */
    static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m")
                .replace("$__range", "1h")
                .replace("$namespace", ".*")
                .replace("$pool", ".*")
                .replace("$model", ".*");
    }
}
