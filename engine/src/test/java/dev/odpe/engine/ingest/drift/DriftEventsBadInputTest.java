package dev.odpe.engine.ingest.drift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad drift CloudEvents over HTTP (issue 13: mutated bodies got 500 and an HTML page): whatever is wrong,
 * {@code POST /api/v1/events} answers 400 with a problem JSON whose detail names the offending field.
 */
@QuarkusTest
class DriftEventsBadInputTest {

    private static final String EVENTS = "/api/v1/events";
    private static final String STRUCTURED = "application/cloudevents+json";

    /** A valid structured ODPE drift event with one attribute replaced by raw JSON (null: left out). */
    private static String structured(String attribute, String rawJson) {
        Map<String, String> event = new LinkedHashMap<>();
        event.put("specversion", "\"1.0\"");
        event.put("type", "\"dev.odpe.drift\"");
        event.put("source", "\"urn:test:bad-input\"");
        event.put("id", "\"bad-1\"");
        event.put("time", "\"2026-11-28T04:50:00Z\"");
        event.put("datacontenttype", "\"application/json\"");
        event.put("data", data(null, null));
        if (rawJson == null) {
            event.remove(attribute);
        } else {
            event.put(attribute, rawJson);
        }
        StringBuilder json = new StringBuilder("{");
        event.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return json.append('}').toString();
    }

    /** The valid event's data with one field replaced by raw JSON (null: left out). */
    private static String data(String field, String rawJson) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("namespace", "\"ml-serving\"");
        data.put("model", "\"bad-input-m\"");
        data.put("version", "\"1\"");
        data.put("score", "0.4");
        data.put("threshold", "0.2");
        data.put("detector", "\"psi\"");
        data.put("time", "\"2026-11-28T04:50:00Z\"");
        if (field != null) {
            if (rawJson == null) {
                data.remove(field);
            } else {
                data.put(field, rawJson);
            }
        }
        StringBuilder json = new StringBuilder("{");
        data.forEach((k, v) -> json.append(json.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":")
                .append(v));
        return json.append('}').toString();
    }

    static Stream<Arguments> structuredEvents() {
        return Stream.of(
                Arguments.of("time not a date", structured("time", "\"not-a-date\""), "time"),
                Arguments.of("time a number", structured("time", "1732769400"), "time"),
                Arguments.of("missing id", structured("id", null), "id"),
                Arguments.of("id null", structured("id", "null"), "id"),
                Arguments.of("id a huge number", structured("id", "123456789012345678901234567890123"), "id"),
                Arguments.of("id an object", structured("id", "{\"a\":1}"), "id"),
                Arguments.of("source -1", structured("source", "-1"), "source"),
                Arguments.of("source null", structured("source", "null"), "source"),
                Arguments.of("missing source", structured("source", null), "source"),
                Arguments.of("source not a URI reference", structured("source", "\"::not a uri\""), "source"),
                Arguments.of("missing type", structured("type", null), "type"),
                Arguments.of("type null", structured("type", "null"), "type"),
                Arguments.of("type an array", structured("type", "[1,2]"), "type"),
                Arguments.of("unknown specversion", structured("specversion", "\"9.9\""), "specversion"),
                Arguments.of("specversion a number", structured("specversion", "1.0"), "specversion"),
                Arguments.of("specversion null", structured("specversion", "null"), "specversion"),
                Arguments.of("missing specversion", structured("specversion", null), "specversion"),
                Arguments.of("datacontenttype a number", structured("datacontenttype", "7"), "datacontenttype"),
                Arguments.of(
                        "datacontenttype not JSON", structured("datacontenttype", "\"text/plain\""), "content type"),
                Arguments.of("data null", structured("data", "null"), "data"),
                Arguments.of("data missing", structured("data", null), "data"),
                Arguments.of("data a string", structured("data", "\"drift!\""), "data"),
                Arguments.of("data an array", structured("data", "[1,2,3]"), "data"),
                Arguments.of("data a number", structured("data", "42"), "data"),
                Arguments.of("data.score a huge number", structured("data", data("score", "1e999")), "data.score"),
                Arguments.of("data.score null", structured("data", data("score", "null")), "data.score"),
                Arguments.of("data.score a string", structured("data", data("score", "\"high\"")), "data.score"),
                Arguments.of(
                        "data.threshold a huge number",
                        structured("data", data("threshold", "-1e999")),
                        "data.threshold"),
                Arguments.of("data.model null", structured("data", data("model", "null")), "model"),
                Arguments.of("data.version null", structured("data", data("version", "null")), "version"),
                Arguments.of("data.namespace null", structured("data", data("namespace", "null")), "namespace"),
                Arguments.of("data.time not a date", structured("data", data("time", "\"not-a-date\"")), "data.time"),
                Arguments.of("data.drifted an object", structured("data", data("drifted", "{}")), "data.drifted"),
                Arguments.of("body a JSON number", "42", "body"),
                Arguments.of("body a JSON array", "[" + structured("id", "\"a\"") + "]", "body"),
                Arguments.of("body JSON null", "null", "body"),
                Arguments.of("body a JSON string", "\"event\"", "body"),
                Arguments.of("body empty", "", "body"),
                Arguments.of("body truncated", structured("id", "\"t\"").substring(0, 40), "body"),
                Arguments.of("body not JSON", "<event/>", "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("structuredEvents")
    void aBadStructuredEventIsABadRequestNamingTheField(String name, String body, String field) {
        // When a broken structured CloudEvent is posted
        Response response = given().contentType(STRUCTURED).body(body).post(EVENTS);

        // Then 400 with a problem JSON that names the field
        assertBadRequestNaming(response, field);
    }

    static Stream<Arguments> binaryEvents() {
        return Stream.of(
                Arguments.of("ce-time not a date", Map.of("ce-time", "not-a-date"), data(null, null), "time"),
                Arguments.of(
                        "ce-specversion unknown", Map.of("ce-specversion", "9.9"), data(null, null), "specversion"),
                Arguments.of("ce-id missing", Map.of("ce-id", ""), data(null, null), "id"),
                Arguments.of("ce-source not a URI", Map.of("ce-source", "::not a uri"), data(null, null), "source"),
                Arguments.of("body a JSON number", Map.of(), "42", "data"),
                Arguments.of("body a JSON array", Map.of(), "[1]", "data"),
                Arguments.of("body not JSON", Map.of(), "{drift", "data"),
                Arguments.of("body empty", Map.of(), "", "data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryEvents")
    void aBadBinaryEventIsABadRequestNamingTheField(
            String name, Map<String, String> overrides, String body, String field) {
        // Given valid ce-* headers with one replaced (an empty value: left out)
        Map<String, String> headers = new LinkedHashMap<>(Map.of(
                "ce-specversion",
                "1.0",
                "ce-type",
                "dev.odpe.drift",
                "ce-source",
                "urn:test:bad-input",
                "ce-id",
                "bad-binary-1",
                "ce-time",
                "2026-11-28T04:50:00Z"));
        headers.putAll(overrides);
        headers.values().removeIf(String::isEmpty);
        RequestSpecification request = given().contentType("application/json").body(body);
        headers.forEach(request::header);

        // When posted
        Response response = request.post(EVENTS);

        // Then 400 with a problem JSON that names the field
        assertBadRequestNaming(response, field);
    }

    static void assertBadRequestNaming(Response response, String field) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String detail = response.jsonPath().getString("detail");
        assertThat(detail)
                .as("detail")
                .isNotBlank()
                .containsIgnoringCase(field)
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
        assertThat(response.jsonPath().getString("type")).startsWith("urn:odpe:problem:");
    }
}
