package dev.odpe.engine.ingest.drift;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.odpe.testsupport.AlertmanagerPayloads;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Drift CloudEvents over HTTP ({@code POST /api/v1/events}) through the default pack, dry-run: each
 * payload shape becomes a drift fact; drift alone notifies, drift with a latency breach of the same
 * model version rolls it back; redeliveries and bad input change nothing. Each test uses its own model.
 */
@QuarkusTest
class DriftEventsTest {

    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(10);
    private static final String EVENTS = "/api/v1/events";

    @Test
    void odpesOwnStructuredEventFromTheExamplesBecomesADriftNotification() {
        // When the example ODPE drift event (structured mode) is posted, for its own model: the engine is
        // shared with other test classes, and bert belongs to ClosedLoopTest
        String event = example("drift-odpe.json").replace("\"model\": \"bert\"", "\"model\": \"odpe-example\"");
        given().contentType("application/cloudevents+json")
                .body(event)
                .post(EVENTS)
                .then()
                .statusCode(202)
                .body("accepted", equalTo(true))
                .body("drifted", equalTo(true))
                .body("fact", equalTo("drift:ml-serving/odpe-example/8/psi"));

        // Then the drift-alone rule notifies for that model
        assertThat(awaitActions("model:ml-serving/odpe-example", "Notify")).isNotEmpty();
    }

    @Test
    void alibiDetectInBinaryModeTakesModelAndVersionFromExtensions() {
        // When alibi-detect's result arrives in binary mode with the example's ce-* headers
        binary(headers("drift-alibi-detect.headers", Map.of("ce-model", "alibi-m", "ce-id", "alibi-1")))
                .body(example("drift-alibi-detect.json"))
                .post(EVENTS)
                .then()
                .statusCode(202)
                .body("accepted", equalTo(true))
                .body("fact", equalTo("drift:ml-serving/alibi-m/8/KSDrift"));

        // Then a drift notification is decided for that model
        assertThat(awaitActions("model:ml-serving/alibi-m", "Notify")).isNotEmpty();
    }

    @Test
    void anEvidentlyDatasetDriftSummaryIsRead() {
        // When Evidently's summary for model evid-m is posted
        String event = example("drift-evidently.json").replace("\"model\": \"bert\"", "\"model\": \"evid-m\"");
        given().contentType("application/cloudevents+json")
                .body(event)
                .post(EVENTS)
                .then()
                .statusCode(202)
                .body("drifted", equalTo(true))
                .body("fact", containsString("evid-m/8/evidently"));

        // Then the drift is notified
        assertThat(awaitActions("model:ml-serving/evid-m", "Notify")).isNotEmpty();
    }

    @Test
    void driftAndALatencyBreachOfTheSameVersionWithinTenMinutesRollItBack() {
        // Given a latency alert for corr-m version 3 started at 04:48
        given().contentType("application/json")
                .body(AlertmanagerPayloads.firing(
                        "cccc000000000001",
                        "2026-11-28T04:48:00Z",
                        Map.of(
                                "alertname",
                                "TritonP99LatencyHigh",
                                "signal",
                                "latency",
                                "namespace",
                                "ml-serving",
                                "model",
                                "corr-m",
                                "version",
                                "3",
                                "severity",
                                "page")))
                .post("/api/v1/alerts/alertmanager")
                .then()
                .statusCode(202);

        // When a drift event for the same version, at 04:50, arrives
        given().contentType("application/cloudevents+json")
                .body(odpe("corr-1", "corr-m", "3", 0.4))
                .post(EVENTS)
                .then()
                .statusCode(202);

        // Then the model is rolled back away from version 3 for drift+latency
        List<Map<String, Object>> rollbacks = awaitActions("model:ml-serving/corr-m", "RollbackModel");
        assertThat(rollbacks)
                .anySatisfy(action -> assertThat(action)
                        .containsEntry("reason", "drift+latency")
                        .containsEntry("badVersion", "3"));
    }

    @Test
    void aRedeliveredEventIsADuplicateAndDecidesNothingNew() {
        // Given a drift event for dup-m that was decided on
        String event = odpe("dup-1", "dup-m", "1", 0.9);
        given().contentType("application/cloudevents+json")
                .body(event)
                .post(EVENTS)
                .then()
                .statusCode(202);
        awaitActions("model:ml-serving/dup-m", "Notify");
        int before = decisions("model:ml-serving/dup-m").size();

        // When the same CloudEvent (source, id) is delivered again
        given().contentType("application/cloudevents+json")
                .body(event)
                .post(EVENTS)
                .then()
                .statusCode(202)
                .body("duplicate", equalTo(true))
                .body("accepted", equalTo(false));

        // Then no new decision appears
        await().pollDelay(Duration.ofMillis(1500)).atMost(DECIDED_WITHIN).until(() -> true);
        assertThat(decisions("model:ml-serving/dup-m")).hasSize(before);
    }

    @Test
    void aStructuredEventsTraceparentExtensionContinuesIntoTheDecision() {
        // When a structured event carries the CloudEvents distributed-tracing extension (no traceparent header)
        String trace = "2cf7651916cd43dd8448eb211c80319e";
        given().contentType("application/cloudevents+json")
                .body(odpe("traced-1", "traced-m", "1", 0.9)
                        .replace(
                                "{\"specversion\":\"1.0\",",
                                "{\"specversion\":\"1.0\",\"traceparent\":\"00-" + trace + "-d7ad6b7169203331-01\","))
                .post(EVENTS)
                .then()
                .statusCode(202);

        // Then its decision belongs to the detector's trace
        awaitActions("model:ml-serving/traced-m", "Notify");
        assertThat(decisions("model:ml-serving/traced-m"))
                .first()
                .extracting(d -> d.get("traceId"))
                .isEqualTo(trace);
    }

    @Test
    void plainJsonThatIsNotACloudEventIsABadRequestSayingSo() {
        // When a body without CloudEvent attributes is posted
        given().contentType("application/json")
                .body("{\"model\":\"bert\"}")
                .post(EVENTS)
                // Then 400, and the problem explains the two modes
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("not a valid CloudEvent"));
    }

    @Test
    void anEventOfNoKnownShapeIsABadRequestListingTheShapes() {
        // When a CloudEvent with unrelated data is posted
        given().contentType("application/cloudevents+json")
                .body(
                        "{\"specversion\":\"1.0\",\"type\":\"com.example.x\","
                                + "\"source\":\"urn:x\",\"id\":\"x-1\",\"datacontenttype\":\"application/json\",\"data\":{\"a\":1}}")
                .post(EVENTS)
                // Then 400 naming the shapes ODPE reads
                .then()
                .statusCode(400)
                .body("detail", containsString("[odpe, alibi-detect, evidently]"));
    }

    @Test
    void anEventWithoutAModelNamesTheFieldAndTheExtension() {
        // When an ODPE drift event lacks its model
        given().contentType("application/cloudevents+json")
                .body(odpe("nomodel-1", "x", "1", 0.5).replace("\"model\":\"x\",", ""))
                .post(EVENTS)
                // Then 400 says where the model may be given
                .then()
                .statusCode(400)
                .body("detail", containsString("model missing"))
                .body("detail", containsString("'model'"));
    }

    @Test
    void aNonJsonContentTypeIsUnsupported() {
        // When a text body is posted
        given().contentType("text/plain")
                .body("drift!")
                .post(EVENTS)
                // Then 415
                .then()
                .statusCode(415);
    }

    private static String odpe(String id, String model, String version, double score) {
        return "{\"specversion\":\"1.0\",\"type\":\"dev.odpe.drift\",\"source\":\"urn:test\",\"id\":\"" + id + "\","
                + "\"time\":\"2026-11-28T04:50:00Z\",\"datacontenttype\":\"application/json\",\"data\":{"
                + "\"namespace\":\"ml-serving\",\"model\":\"" + model + "\",\"version\":\"" + version + "\","
                + "\"score\":" + score + ",\"threshold\":0.2,\"detector\":\"psi\"}}";
    }

    private static RequestSpecification binary(Map<String, String> headers) {
        RequestSpecification request = given();
        headers.forEach(request::header);
        return request;
    }

    /** The example's header lines, with some values replaced so tests stay independent. */
    private static Map<String, String> headers(String file, Map<String, String> overrides) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (String line : example(file).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        headers.putAll(overrides);
        return headers;
    }

    private static String example(String name) {
        try {
            return Files.readString(Path.of("..", "examples", name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> awaitActions(String target, String type) {
        await().atMost(DECIDED_WITHIN)
                .until(() -> decisions(target).stream()
                        .anyMatch(d -> type.equals(((Map<String, Object>) d.get("action")).get("type"))));
        return decisions(target).stream()
                .map(d -> (Map<String, Object>) d.get("action"))
                .filter(a -> type.equals(a.get("type")))
                .toList();
    }

    private static List<Map<String, Object>> decisions(String target) {
        JsonPath page = given().queryParam("target", target)
                .get("/api/v1/decisions")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        return page.getList("decisions");
    }
}
