package dev.odpe.engine.observability;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.testsupport.PackagedEngine;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/** Waits on what a packaged engine answers: decisions of its API, sums of its metrics. */
final class Decisions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Decisions() {}

    /** Waits for a decision matching {@code query} (e.g. {@code target=pool:ns/p}) with {@code outcome}. */
    static JsonNode awaitDecision(PackagedEngine engine, String query, String outcome, Duration within) {
        return await(query + " " + outcome)
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> StreamSupport.stream(
                                        JSON.readTree(engine.get("/api/v1/decisions?" + query))
                                                .path("decisions")
                                                .spliterator(),
                                        false)
                                .filter(d -> outcome.equals(d.path("outcome").asText()))
                                .findFirst()
                                .orElse(null),
                        decision -> decision != null);
    }

    /** Waits until the series of {@code metric} on {@code /q/metrics} sum to at least {@code atLeast}. */
    static void awaitMetric(PackagedEngine engine, String metric, double atLeast, Duration within) {
        await(metric + " >= " + atLeast)
                .atMost(within)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> sum(engine.get("/q/metrics"), metric), sum -> sum >= atLeast);
    }

    private static double sum(String exposition, String metric) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "(\\{[^}]*})? (\\S+)")
                .matcher(exposition);
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }
}
