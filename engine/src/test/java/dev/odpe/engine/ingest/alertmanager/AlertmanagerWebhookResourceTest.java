package dev.odpe.engine.ingest.alertmanager;

import static dev.odpe.testsupport.AlertmanagerPayloads.ERRORS_BREACH;
import static dev.odpe.testsupport.AlertmanagerPayloads.LATENCY_BREACH;
import static dev.odpe.testsupport.AlertmanagerPayloads.LATENCY_RESOLVED;
import static dev.odpe.testsupport.AlertmanagerPayloads.alert;
import static dev.odpe.testsupport.AlertmanagerPayloads.freshEpisode;
import static dev.odpe.testsupport.AlertmanagerPayloads.json;
import static dev.odpe.testsupport.AlertmanagerPayloads.withStartsAt;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook over real HTTP, without a token (default profile). Every test uses fresh alert episodes. */
@QuarkusTest
class AlertmanagerWebhookResourceTest {

    private static final String WEBHOOK = "/api/v1/alerts/alertmanager";
    private static final String VALIDATE = WEBHOOK + "/validate";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final int ONE_MIB = 1024 * 1024;

    @TestHTTPResource(WEBHOOK)
    URI webhookUri;

    private CapturingEvaluationQueue queue;

    @BeforeEach
    void installCapturingQueue() {
        queue = new CapturingEvaluationQueue();
        QuarkusMock.installMockForType(queue, EvaluationQueue.class);
    }

    @Test
    void aFiringAlertIsAcceptedAndHandedToEvaluationAsAFiredFact() {
        // Given a group with one firing p99 latency alert
        ObjectNode payload = freshEpisode(LATENCY_BREACH);
        Instant startsAt = Instant.parse(alert(payload, 0).get("startsAt").asText());

        // When Alertmanager posts it
        post(payload)
                .statusCode(202)
                .contentType(startsWith("application/json"))
                .body("received", equalTo(1))
                .body("accepted", equalTo(1))
                .body("duplicates", equalTo(0))
                .body("ignored", hasSize(0))
                .body("receiver", equalTo("odpe"))
                .body("groupKey", containsString("TritonP99LatencyHigh"));

        // Then exactly one batch with the fact is queued, carrying the request's trace context
        assertThat(queue.offered()).hasSize(1);
        IngestBatch batch = queue.offered().get(0);
        assertThat(batch.source()).isEqualTo("alertmanager");
        assertThat(batch.changes())
                .containsExactly(new AlertChange.Fired(new AlertSignal(
                        "8223428fff28d0fa",
                        "TritonP99LatencyHigh",
                        Signal.LATENCY,
                        "ml-serving",
                        "triton-a100",
                        "bert",
                        "8",
                        "page",
                        startsAt)));
        Span span = Span.fromContext(batch.trace());
        assertThat(span.getSpanContext().isValid())
                .as("server span in IngestBatch.trace")
                .isTrue();
        assertThat(span).isInstanceOf(ReadableSpan.class);
        ReadableSpan readable = (ReadableSpan) span;
        assertThat(readable.getAttribute(AttributeKey.longKey("odpe.alerts.accepted")))
                .isEqualTo(1L);
        assertThat(readable.getAttribute(AttributeKey.stringKey("odpe.alertmanager.receiver")))
                .isEqualTo("odpe");
    }

    @Test
    void repeatOfTheSameGroupIsCountedAsDuplicateAndNotEvaluatedAgain() {
        // Given a group that was already accepted
        ObjectNode payload = freshEpisode(ERRORS_BREACH);
        post(payload).statusCode(202).body("accepted", equalTo(1));
        double duplicatesBefore = metric("odpe_alerts_duplicate_total");

        // When Alertmanager re-sends it (repeat_interval, HA peer, retry)
        post(payload).statusCode(202).body("accepted", equalTo(0)).body("duplicates", equalTo(1));

        // Then it was queued once, and the duplicate shows in the metrics
        assertThat(queue.offered()).hasSize(1);
        assertThat(metric("odpe_alerts_duplicate_total")).isEqualTo(duplicatesBefore + 1);
        assertThat(metric("odpe_webhook_requests_total{endpoint=\"ingest\",outcome=\"accepted\"}"))
                .isGreaterThanOrEqualTo(2);
        assertThat(metric("odpe_alerts_received_total")).isGreaterThanOrEqualTo(2);
        assertThat(metric("odpe_evaluation_queue_depth")).isEqualTo(1);
    }

    @Test
    void resolvedAlertBecomesAResolvedChange() {
        // Given the resolved notification of a latency alert episode
        ObjectNode payload = freshEpisode(LATENCY_RESOLVED);
        Instant startsAt = Instant.parse(alert(payload, 0).get("startsAt").asText());

        // When Alertmanager posts it
        post(payload).statusCode(202).body("accepted", equalTo(1));

        // Then evaluation receives a Resolved change for that fingerprint and episode
        assertThat(queue.offered())
                .singleElement()
                .extracting(IngestBatch::changes)
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.LIST)
                .containsExactly(new AlertChange.Resolved("8223428fff28d0fa", startsAt));
    }

    @Test
    void alertsWithoutAKnownSignalAreIgnoredWithTheirReasonWhileTheRestIsAccepted() {
        // Given a group with a good alert, one without signal label and one with an unknown signal
        ObjectNode payload = freshEpisode(LATENCY_BREACH);
        ObjectNode noSignal = alert(payload, 0).deepCopy();
        ((ObjectNode) noSignal.get("labels")).remove("signal");
        noSignal.put("fingerprint", "0000000000000001");
        ObjectNode unknownSignal = alert(payload, 0).deepCopy();
        ((ObjectNode) unknownSignal.get("labels")).put("signal", "vibes");
        unknownSignal.put("fingerprint", "0000000000000002");
        payload.withArray("alerts").add(noSignal).add(unknownSignal);
        double unknownBefore = metric("odpe_alerts_ignored_total{reason=\"signal-unknown\"}");

        // When it is posted
        post(payload)
                .statusCode(202)
                .body("received", equalTo(3))
                .body("accepted", equalTo(1))
                .body("ignored", hasSize(2))
                .body("ignored[0].index", equalTo(1))
                .body("ignored[0].reason", equalTo("signal-missing"))
                .body("ignored[1].index", equalTo(2))
                .body("ignored[1].reason", equalTo("signal-unknown"))
                .body("ignored[1].detail", containsString("vibes"));

        // Then only the good alert is evaluated and the ignored ones are counted by reason
        assertThat(queue.offered())
                .singleElement()
                .satisfies(b -> assertThat(b.changes()).hasSize(1));
        assertThat(metric("odpe_alerts_ignored_total{reason=\"signal-unknown\"}"))
                .isEqualTo(unknownBefore + 1);
    }

    @Test
    void newerAndUnknownFieldsAreAcceptedAndAMissingFingerprintIsDerivedFromTheLabels() {
        // Given an Alertmanager 0.34 style payload (notification_reason, routeLabels, a future field) without
        // fingerprint
        ObjectNode payload = freshEpisode(LATENCY_BREACH);
        payload.put("notification_reason", "repeat_interval");
        payload.putObject("routeLabels").put("team", "ml-platform");
        payload.put("someFutureField", true);
        alert(payload, 0).remove("fingerprint");

        // When it is posted
        post(payload).statusCode(202).body("accepted", equalTo(1));

        // Then the derived fingerprint equals the one Alertmanager itself computes for these labels
        assertThat(queue.offered().get(0).changes().get(0).fingerprint()).isEqualTo("8223428fff28d0fa");
    }

    @Test
    void twoConcurrentIdenticalPostsFromHaPeersAreEvaluatedExactlyOnce() {
        for (int round = 0; round < 20; round++) {
            // Given the same group, as both Alertmanager HA peers send it
            String body = json(freshEpisode(ERRORS_BREACH));
            int offeredBefore = queue.offered().size();

            // When they post it at the same time
            List<HttpResponse<String>> responses = List.of(postAsync(body), postAsync(body)).stream()
                    .map(CompletableFuture::join)
                    .toList();

            // Then both get 202 and exactly one batch is queued
            assertThat(responses).extracting(HttpResponse::statusCode).containsOnly(202);
            assertThat(queue.offered()).hasSize(offeredBefore + 1);
        }
    }

    @Test
    void fullQueueAnswers503WithRetryAfterAndTheRetryIsAcceptedOnceSpaceFrees() {
        // Given a full evaluation queue
        ObjectNode payload = freshEpisode(LATENCY_BREACH);
        queue.fill();

        // When a group arrives, then it is refused so that Alertmanager retries
        post(payload)
                .statusCode(503)
                .contentType(PROBLEM_JSON)
                .header("Retry-After", "5")
                .body("status", equalTo(503))
                .body("type", equalTo("urn:odpe:problem:webhook:evaluation-unavailable"))
                .body("detail", containsString("evaluation queue is full"))
                .body("detail", containsString("nothing from this request was accepted"));
        assertThat(queue.offered()).isEmpty();

        // And when space frees, the retry is accepted, not mistaken for a duplicate
        queue.freeSpace();
        post(payload).statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
        assertThat(queue.offered()).hasSize(1);
    }

    @Test
    void malformedJsonIsRefusedWithLineAndColumn() {
        // Given a body with a missing comma on line 3
        String body = "{\n  \"version\": \"4\"\n  \"alerts\": []\n}";

        // When it is posted, then the problem says where
        postRaw(body, "application/json")
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:odpe:problem:webhook:malformed-json"))
                .body("title", equalTo("Malformed JSON"))
                .body("status", equalTo(400))
                .body("detail", containsString("line 3, column 3"));
        assertThat(queue.offered()).isEmpty();
    }

    @Test
    void wrongOrMissingVersionIsRefusedNamingTheVersionField() {
        // Given payloads of version 3 and without version
        ObjectNode v3 = freshEpisode(LATENCY_BREACH).put("version", "3");
        ObjectNode none = freshEpisode(LATENCY_BREACH);
        none.remove("version");

        // When they are posted, then both are 400 on field "version"
        post(v3).statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("field", equalTo("version"))
                .body("type", equalTo("urn:odpe:problem:webhook:unsupported-version"))
                .body("detail", containsString("version \"3\" is not supported"));
        post(none).statusCode(400).body("field", equalTo("version")).body("detail", containsString("missing"));
        assertThat(queue.offered()).isEmpty();
    }

    @Test
    void missingRequiredAlertFieldsAreRefusedNamingEachPathAndNothingIsEnqueued() {
        // Given a group of three valid alerts where the third lacks startsAt and the second lacks status
        ObjectNode payload = freshEpisode(LATENCY_BREACH);
        payload.withArray("alerts")
                .add(alert(payload, 0).deepCopy())
                .add(alert(payload, 0).deepCopy());
        alert(payload, 2).remove("startsAt");
        alert(payload, 1).remove("status");

        // When it is posted, then the problem names both paths, and the valid first alert is not enqueued
        post(payload)
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:odpe:problem:webhook:invalid-payload"))
                .body("field", equalTo("alerts[1].status"))
                .body("errors.field", org.hamcrest.Matchers.contains("alerts[1].status", "alerts[2].startsAt"));
        assertThat(queue.offered()).isEmpty();
    }

    @Test
    void unparsableTimestampIsRefusedNamingItsPath() {
        // Given an alert whose startsAt is not a timestamp
        ObjectNode payload = freshEpisode(LATENCY_BREACH);
        alert(payload, 0).put("startsAt", "yesterday");

        // When it is posted, then the problem names the field and the expected format
        post(payload)
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("field", equalTo("alerts[0].startsAt"))
                .body("detail", containsString("RFC 3339 timestamp"));
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedWith413ProblemBeforeItIsRead() {
        // Given a body just over odpe.webhook.max-body-bytes (1 MiB), with Content-Length
        String body = padded(ONE_MIB + 1);

        // When it is posted, then the answer is a problem JSON, not Quarkus' bare 413
        postRaw(body, "application/json")
                .statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:odpe:problem:webhook:body-too-large"))
                .body("detail", containsString("odpe.webhook.max-body-bytes=1048576"));
    }

    @Test
    void bodyOverQuarkusOwnLimitStillGetsTheProblemJson() {
        // Given a body above quarkus.http.limits.max-body-size (10 MiB)
        String body = padded(11 * ONE_MIB);

        // When it is posted, then ODPE's 413 answers first
        postRaw(body, "application/json")
                .statusCode(413)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:odpe:problem:webhook:body-too-large"));
    }

    @Test
    void chunkedBodyOverTheLimitIsCutAndRefusedWith413Problem() throws Exception {
        // Given a 2 MiB body sent chunked (no Content-Length)
        byte[] body = padded(2 * ONE_MIB).getBytes();
        HttpRequest request = HttpRequest.newBuilder(webhookUri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build();

        // When it is posted
        HttpResponse<String> response = client().send(request, HttpResponse.BodyHandlers.ofString());

        // Then it is refused with the problem JSON
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
        assertThat(response.body()).contains("body-too-large");
    }

    @Test
    void nonJsonContentTypeIsRefusedWith415Problem() {
        // When a payload is posted as text/plain, then 415 problem JSON
        postRaw(json(freshEpisode(LATENCY_BREACH)), "text/plain")
                .statusCode(415)
                .contentType(PROBLEM_JSON)
                .body("type", equalTo("urn:odpe:problem:webhook:unsupported-media-type"))
                .body("detail", containsString("text/plain"));
        assertThat(queue.offered()).isEmpty();
    }

    @Test
    void validateReturnsTheDerivedFactsWithoutEvaluatingOrRememberingThem() {
        // Given a firing group with one alert that is not for ODPE
        ObjectNode payload = freshEpisode(LATENCY_BREACH);
        ObjectNode noSignal = alert(payload, 0).deepCopy();
        ((ObjectNode) noSignal.get("labels")).remove("signal");
        payload.withArray("alerts").add(noSignal);

        // When it is validated (twice)
        for (int i = 0; i < 2; i++) {
            given().contentType("application/json")
                    .body(json(payload))
                    .post(VALIDATE)
                    .then()
                    .statusCode(200)
                    .body("received", equalTo(2))
                    .body("facts", hasSize(1))
                    .body("facts[0].change", equalTo("fired"))
                    .body("facts[0].signal", equalTo("latency"))
                    .body("facts[0].namespace", equalTo("ml-serving"))
                    .body("facts[0].model", equalTo("bert"))
                    .body("facts[0].version", equalTo("8"))
                    .body("facts[0].fingerprint", equalTo("8223428fff28d0fa"))
                    .body("facts[0].duplicate", equalTo(false))
                    .body("ignored[0].reason", equalTo("signal-missing"));
        }

        // Then nothing was evaluated, and ingesting it afterwards is not a duplicate
        assertThat(queue.offered()).isEmpty();
        post(payload).statusCode(202).body("accepted", equalTo(1)).body("duplicates", equalTo(0));
    }

    @Test
    void validateAppliesTheSameChecksAsIngest() {
        ObjectNode payload = withStartsAt(freshEpisode(LATENCY_BREACH), Instant.parse("2026-11-28T00:00:00Z"));
        alert(payload, 0).remove("labels");

        given().contentType("application/json")
                .body(json(payload))
                .post(VALIDATE)
                .then()
                .statusCode(400)
                .contentType(PROBLEM_JSON)
                .body("field", equalTo("alerts[0].labels"));
    }

    private static ValidatableResponse post(ObjectNode payload) {
        return postRaw(json(payload), "application/json");
    }

    private static ValidatableResponse postRaw(String body, String contentType) {
        return given().contentType(contentType).body(body).post(WEBHOOK).then();
    }

    private CompletableFuture<HttpResponse<String>> postAsync(String body) {
        HttpRequest request = HttpRequest.newBuilder(webhookUri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static String padded(int size) {
        String prefix = "{\"version\":\"4\",\"alerts\":[],\"pad\":\"";
        return prefix + "x".repeat(size - prefix.length() - 2) + "\"}";
    }

    /** Value of one Prometheus sample from /q/metrics, e.g. {@code odpe_alerts_ignored_total{reason="x"}}. */
    static double metric(String series) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
        String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)( #.*)?$")
                .matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            String have = m.group(1) == null ? "" : m.group(1);
            if (labels.isEmpty() || List.of(labels.split(",")).stream().allMatch(have::contains)) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        assertThat(found)
                .as(
                        "series %s in /q/metrics:%n%s",
                        series,
                        text.lines()
                                .filter(l -> l.startsWith("odpe"))
                                .collect(java.util.stream.Collectors.joining("\n")))
                .isTrue();
        return sum;
    }
}
