package dev.odpe.engine.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 13's mutated-input run, repeatable: {@value #PER_ENDPOINT} seeded mutations each of the example
 * Alertmanager bodies, the example drift CloudEvents (structured and binary) and decisions queries, sent over
 * real HTTP; prints the status codes per endpoint and fails on any 5xx or any error that is not a problem JSON.
 * Not run by default (it takes a few minutes on a shared machine):
 * {@code mvn -B -q -pl engine -am test -Dtest=MutatedInputRun -Dsurefire.failIfNoSpecifiedTests=false -Dodpe.mutation=true}
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "odpe.mutation", matches = "true")
class MutatedInputRun {

    static final int PER_ENDPOINT = 1000;
    private static final String[] TOKENS = {
        "null",
        "-1",
        "\"not-a-date\"",
        "1e999",
        "[]",
        "{}",
        "\"\"",
        "true",
        "123456789012345678901234567890",
        "\"\\u0000\"",
        "[null]",
        "{\"a\":{\"b\":[1,{}]}}",
        "0.0",
        "\"x\""
    };

    private final Random random = new Random(13);

    @Test
    void mutatedBodiesAndQueriesNeverGetA5xx() {
        Map<String, Map<Integer, Integer>> counts = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        List<String> webhooks = List.of(
                AlertmanagerPayloads.example("alertmanager-latency-breach.json"),
                AlertmanagerPayloads.example("alertmanager-errors-breach.json"),
                AlertmanagerPayloads.example("alertmanager-latency-resolved.json"));
        List<String> structured = List.of(
                AlertmanagerPayloads.example("drift-odpe.json"), AlertmanagerPayloads.example("drift-evidently.json"));
        String alibi = AlertmanagerPayloads.example("drift-alibi-detect.json");
        Map<String, String> alibiHeaders = headers(AlertmanagerPayloads.example("drift-alibi-detect.headers"));

        for (int i = 0; i < PER_ENDPOINT; i++) {
            String body = mutate(webhooks.get(i % webhooks.size()));
            record(
                    counts,
                    bad,
                    "POST /api/v1/alerts/alertmanager",
                    body,
                    given().contentType("application/json").body(bytes(body)).post("/api/v1/alerts/alertmanager"));
        }
        for (int i = 0; i < PER_ENDPOINT; i++) {
            Response response;
            String body;
            if (i % 3 == 2) {
                body = mutate(alibi);
                RequestSpecification request =
                        given().contentType("application/json").body(bytes(body));
                Map<String, String> headers = new LinkedHashMap<>(alibiHeaders);
                headers.remove("Content-Type");
                String key = new ArrayList<>(headers.keySet()).get(random.nextInt(headers.size()));
                headers.put(key, mutate(headers.get(key)));
                headers.replaceAll((k, v) -> v.replaceAll("[\\r\\n]", ""));
                headers.put("ce-id", headers.get("ce-id") + "-" + i);
                headers.forEach(request::header);
                body = headers + " " + body;
                try {
                    response = request.post("/api/v1/events");
                } catch (IllegalArgumentException notSendable) {
                    // The HTTP client refuses some mutated header values: counted as status 0, never sent
                    counts.computeIfAbsent("POST /api/v1/events", e -> new TreeMap<>())
                            .merge(0, 1, Integer::sum);
                    continue;
                }
            } else {
                body = mutate(structured.get(i % 3));
                response = given().contentType("application/cloudevents+json")
                        .body(bytes(body))
                        .post("/api/v1/events");
            }
            record(counts, bad, "POST /api/v1/events", body, response);
        }
        String[] params = {"limit", "target", "rule"};
        for (int i = 0; i < PER_ENDPOINT; i++) {
            String value = mutate(i % 2 == 0 ? "50" : "pool:ml-serving/triton-a100");
            String param = params[random.nextInt(params.length)];
            String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
            Response response = i % 10 == 9
                    ? given().urlEncodingEnabled(false).get("/api/v1/decisions/" + encoded)
                    : given().urlEncodingEnabled(false).get("/api/v1/decisions?" + param + "=" + encoded);
            record(counts, bad, "GET /api/v1/decisions", param + "=" + value, response);
        }

        counts.forEach((endpoint, byStatus) -> System.out.println("MUTATION " + endpoint + " " + byStatus));
        bad.stream().limit(20).forEach(b -> System.out.println("MUTATION BAD " + b));
        assertThat(bad).as("5xx or non-problem error responses").isEmpty();
    }

    private void record(
            Map<String, Map<Integer, Integer>> counts,
            List<String> bad,
            String endpoint,
            String input,
            Response response) {
        int status = response.statusCode();
        counts.computeIfAbsent(endpoint, e -> new TreeMap<>()).merge(status, 1, Integer::sum);
        String type = String.valueOf(response.contentType());
        if (status >= 500 || (status >= 400 && !type.startsWith("application/problem+json"))) {
            bad.add(endpoint + " " + status + " " + type + " <- "
                    + input.substring(0, Math.min(160, input.length())).replace('\n', ' ') + " -> "
                    + response.asString()
                            .substring(0, Math.min(200, response.asString().length()))
                            .replace('\n', ' '));
        }
    }

    /** One to three of: a value replaced by a token, a byte flipped, a range deleted or duplicated, a cut. */
    private String mutate(String text) {
        String mutated = text;
        int rounds = 1 + random.nextInt(3);
        for (int r = 0; r < rounds && !mutated.isEmpty(); r++) {
            int at = random.nextInt(mutated.length());
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    int colon = mutated.indexOf(':', at);
                    if (colon >= 0) {
                        int end = colon + 1;
                        while (end < mutated.length() && ",}\n]".indexOf(mutated.charAt(end)) < 0) {
                            end++;
                        }
                        mutated = mutated.substring(0, colon + 1) + " " + TOKENS[random.nextInt(TOKENS.length)]
                                + mutated.substring(end);
                    }
                }
                case 2 -> {
                    char[] chars = mutated.toCharArray();
                    chars[at] = (char) (chars[at] ^ (1 << random.nextInt(7)));
                    mutated = new String(chars);
                }
                case 3 ->
                    mutated = mutated.substring(0, at)
                            + mutated.substring(Math.min(mutated.length(), at + 1 + random.nextInt(20)));
                case 4 -> {
                    int end = Math.min(mutated.length(), at + 1 + random.nextInt(40));
                    mutated = mutated.substring(0, end) + mutated.substring(at, end) + mutated.substring(end);
                }
                default -> mutated = mutated.substring(0, at);
            }
        }
        return mutated;
    }

    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> headers(String lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        return headers;
    }
}
