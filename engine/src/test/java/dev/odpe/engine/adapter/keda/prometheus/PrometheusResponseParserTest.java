package dev.odpe.engine.adapter.keda.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Bodies as Prometheus 2.42 writes them (captured from the Debian binary). */
class PrometheusResponseParserTest {

    private final PrometheusResponseParser parser = new PrometheusResponseParser(new ObjectMapper());

    @Test
    void aVectorWithOneSampleGivesItsValue() {
        // Given a vector of exactly one series
        String body = vector("{\"metric\":{},\"value\":[1795884518.291,\"35\"]}");
        // When it is parsed
        QueryOutcome outcome = parser.parse(200, body);
        // Then its value is the reading
        assertThat(outcome).isEqualTo(new QueryOutcome.Sample(35));
    }

    @Test
    void aScalarResultGivesItsValue() {
        // Given a scalar result (e.g. scalar(sum(...)))
        String body =
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1795884518.305,\"2.5\"]}}";
        // When it is parsed
        QueryOutcome outcome = parser.parse(200, body);
        // Then its value is the reading
        assertThat(outcome).isEqualTo(new QueryOutcome.Sample(2.5));
    }

    @Test
    void anEmptyVectorIsAPermanentFailureNeverZeroAndSuggestsOrVectorZero() {
        // Given a vector without series (sum over nothing)
        String body = vector("");
        // When it is parsed
        QueryOutcome outcome = parser.parse(200, body);
        // Then it is a failure that names the explicit opt-in, not a 0
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.NO_SERIES);
            assertThat(f.reason().isTransient()).isFalse();
            assertThat(f.message()).startsWith("query returned no series").contains("or vector(0)");
        });
    }

    @Test
    void severalSeriesFailNamingTheCountAndAskingForAnAggregation() {
        // Given a vector of four series (one per model version)
        String series = "{\"metric\":{\"version\":\"%d\"},\"value\":[1795884518.3,\"1\"]}";
        String body = vector(String.format(series, 1) + "," + String.format(series, 2) + "," + String.format(series, 3)
                + "," + String.format(series, 4));
        // When it is parsed
        QueryOutcome outcome = parser.parse(200, body);
        // Then the failure names the count, shows some labels and suggests sum/max
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.MANY_SERIES);
            assertThat(f.detail())
                    .startsWith("4 series")
                    .contains("{\"version\":\"1\"}")
                    .contains("sum(...)");
        });
    }

    @Test
    void notANumberAndInfinityPassThroughForTheScalingLogicToJudge() {
        // Given samples of NaN (0/0: a latency ratio without requests) and +Inf
        String nan = vector("{\"metric\":{},\"value\":[1795884518.367,\"NaN\"]}");
        String inf = vector("{\"metric\":{},\"value\":[1795884518.360,\"+Inf\"]}");
        // When they are parsed
        QueryOutcome nanOutcome = parser.parse(200, nan);
        // Then they are samples: PoolScaler knows NaN latency means "no requests" and NaN queue means unavailable
        assertThat(nanOutcome).isEqualTo(new QueryOutcome.Sample(Double.NaN));
        assertThat(parser.parse(200, inf)).isEqualTo(new QueryOutcome.Sample(Double.POSITIVE_INFINITY));
    }

    @Test
    void aRangeResultIsNotOneNumber() {
        // Given a matrix (the query was a range selector such as up[1m])
        String body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        // When it is parsed
        QueryOutcome outcome = parser.parse(200, body);
        // Then it fails, suggesting a function over the range
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.UNSUPPORTED_RESULT);
            assertThat(f.detail()).contains("matrix").contains("rate()");
        });
    }

    @Test
    void aSyntaxErrorIsAPermanentRejectionCarryingPrometheusMessage() {
        // Given Prometheus' answer to "foo)"
        String body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": "
                + "1:5: parse error: unexpected right parenthesis ')'\"}";
        // When it is parsed
        QueryOutcome outcome = parser.parse(400, body);
        // Then the failure is permanent and quotes Prometheus
        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.QUERY_REJECTED);
            assertThat(f.reason().isTransient()).isFalse();
            assertThat(f.message())
                    .isEqualTo("prometheus rejected the query: bad_data: invalid parameter \"query\": "
                            + "1:5: parse error: unexpected right parenthesis ')'");
        });
    }

    @Test
    void anExecutionErrorIsAPermanentFailure() {
        // Given Prometheus' answer to a many-to-many match
        String body =
                "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"many-to-many matching not allowed\"}";
        // When it is parsed
        QueryOutcome outcome = parser.parse(422, body);
        // Then the failure is permanent
        assertThat(outcome)
                .isEqualTo(new QueryOutcome.Failure(
                        FailureReason.QUERY_FAILED, "execution: many-to-many matching not allowed"));
    }

    @Test
    void aPrometheusSideTimeoutIsTransient() {
        // Given Prometheus' answer when evaluation exceeded its timeout
        String body =
                "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}";
        // When it is parsed
        QueryOutcome outcome = parser.parse(503, body);
        // Then the failure is transient
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        QueryOutcome.Failure.class,
                        f -> assertThat(f.reason())
                                .isEqualTo(FailureReason.BACKEND_ERROR)
                                .matches(r -> r.isTransient()));
    }

    @Test
    void aGatewayErrorPageIsTransient() {
        // Given a proxy's HTML page with 502
        String body = "<html><body><h1>502 Bad Gateway</h1></body></html>";
        // When it is parsed
        QueryOutcome outcome = parser.parse(502, body);
        // Then the failure is transient and shows the status and the start of the page
        assertThat(outcome).isEqualTo(new QueryOutcome.Failure(FailureReason.BACKEND_ERROR, "HTTP 502: " + body));
    }

    @Test
    void aPageThatIsNotPrometheusIsAPermanentMalformedResponse() {
        // Given a 404 from a server that is not Prometheus (wrong URL)
        String body = "404 page not found";
        // When it is parsed
        QueryOutcome outcome = parser.parse(404, body);
        // Then the failure says what came back
        assertThat(outcome)
                .isEqualTo(new QueryOutcome.Failure(FailureReason.MALFORMED_RESPONSE, "HTTP 404: 404 page not found"));
    }

    private static String vector(String series) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + series + "]}}";
    }
}
