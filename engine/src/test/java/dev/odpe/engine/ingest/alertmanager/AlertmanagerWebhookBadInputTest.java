package dev.odpe.engine.ingest.alertmanager;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Broken Alertmanager bodies: a 400 problem JSON naming the field or the body, never a 5xx. */
@QuarkusTest
class AlertmanagerWebhookBadInputTest {

    private static final String EXAMPLE = AlertmanagerPayloads.example("alertmanager-latency-breach.json");

    static Stream<Arguments> bodies() {
        return Stream.of(
                Arguments.of("body a JSON number", "42", "body"),
                Arguments.of("body a JSON array", "[" + EXAMPLE + "]", "body"),
                Arguments.of("body JSON null", "null", "null"),
                Arguments.of("body a string", "\"alerts\"", "body"),
                Arguments.of("body truncated", EXAMPLE.substring(0, EXAMPLE.indexOf("\"groupLabels\"")), "JSON"),
                Arguments.of("version null", EXAMPLE.replace("\"version\": \"4\"", "\"version\": null"), "version"),
                Arguments.of("alerts null", replaceAlerts("null"), "alerts"),
                Arguments.of("alerts an object", replaceAlerts("{}"), "alerts"),
                Arguments.of("an alert null", replaceAlerts("[null]"), "alerts"),
                Arguments.of("an alert a number", replaceAlerts("[1e999]"), "alerts"),
                Arguments.of(
                        "startsAt not a date",
                        EXAMPLE.replaceFirst("\"startsAt\": \"[^\"]*\"", "\"startsAt\": \"not-a-date\""),
                        "startsAt"),
                Arguments.of(
                        "startsAt a huge number",
                        EXAMPLE.replaceFirst(
                                "\"startsAt\": \"[^\"]*\"", "\"startsAt\": 123456789012345678901234567890"),
                        "startsAt"),
                Arguments.of(
                        "labels an array",
                        EXAMPLE.replaceFirst("\"labels\": \\{", "\"labels\": [{")
                                .replaceFirst("(\"labels\": \\[\\{[^}]*})", "$1]"),
                        "labels"),
                Arguments.of(
                        "a label value an object",
                        EXAMPLE.replaceFirst("\"labels\": \\{", "\"labels\": {\"nested\": {\"a\": 1},"),
                        "labels"));
    }

    private static String replaceAlerts(String json) {
        int start = EXAMPLE.indexOf("\"alerts\"");
        int end = EXAMPLE.indexOf("\n  ]", start) + "\n  ]".length();
        return EXAMPLE.substring(0, start) + "\"alerts\": " + json + EXAMPLE.substring(end);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void aBrokenBodyIsABadRequestNamingTheFieldOrTheBody(String name, String body, String named) {
        // When a broken Alertmanager body is posted
        Response response = given().contentType("application/json").body(body).post("/api/v1/alerts/alertmanager");

        // Then 400 with a problem JSON whose detail says what is wrong
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String detail = response.jsonPath().getString("detail");
        assertThat(detail + " " + response.jsonPath().getString("field"))
                .containsIgnoringCase(named)
                .doesNotContain("Exception");
    }
}
