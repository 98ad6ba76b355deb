package dev.odpe.engine.scaler.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Failure;
import dev.odpe.engine.scaler.prometheus.QueryAnswer.Reason;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InstantQueryResponseTest {

    private final InstantQueryResponse responses = new InstantQueryResponse(new ObjectMapper());

    private QueryAnswer read(int status, String body) {
        return responses.read(status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String vector(String... values) {
        StringBuilder result = new StringBuilder();
        for (String v : values) {
            result.append(result.length() == 0 ? "" : ",").append("{\"metric\":{},\"value\":[1764300000.1,\"")
                    .append(v).append("\"]}");
        }
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
    }

    @Test
    void aOneSampleVectorIsItsValue() {
        // When Prometheus answers one series
        QueryAnswer answer = read(200, vector("42.5"));

        // Then the value is read
        assertThat(answer).isEqualTo(new QueryAnswer.Sample(42.5));
    }

    @Test
    void aScalarIsItsValue() {
        // When the query is a scalar expression
        QueryAnswer answer = read(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
                + "\"result\":[1764300000.1,\"3\"]}}");

        // Then the value is read
        assertThat(answer).isEqualTo(new QueryAnswer.Sample(3));
    }

    @Test
    void anEmptyVectorIsNoSeriesNeverZero() {
        // When the query matches nothing
        QueryAnswer answer = read(200, vector());

        // Then it is a transient failure, not 0
        assertThat(answer).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.NO_SERIES);
            assertThat(f.reason().isTransient()).isTrue();
        });
    }

    @Test
    void severalSeriesAskForAnAggregation() {
        // When the query returns two series
        QueryAnswer answer = read(200, vector("1", "2"));

        // Then the failure is permanent and says how to fix the query
        assertThat(answer).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.MANY_SERIES);
            assertThat(f.message()).contains("2 series", "sum(");
        });
    }

    @Test
    void infinityAndNanAreNotNumbersToScaleOn() {
        // When a ratio divides by zero
        QueryAnswer inf = read(200, vector("+Inf"));
        QueryAnswer nan = read(200, vector("NaN"));

        // Then neither is used
        assertThat(inf).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.NOT_A_NUMBER));
        assertThat(nan).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.NOT_A_NUMBER));
    }

    @Test
    void aBadQueryIsPermanentAndCarriesPrometheusMessage() {
        // When Prometheus rejects the expression
        QueryAnswer answer = read(400, "{\"status\":\"error\",\"errorType\":\"bad_data\","
                + "\"error\":\"1:5: parse error: unexpected end of input\"}");

        // Then the failure is permanent and quotes Prometheus
        assertThat(answer).isInstanceOfSatisfying(Failure.class, f -> {
            assertThat(f.reason()).isEqualTo(Reason.BAD_QUERY);
            assertThat(f.reason().isTransient()).isFalse();
            assertThat(f.message()).contains("bad_data", "parse error");
        });
    }

    @Test
    void aServerSideTimeoutIsTransient() {
        // When Prometheus gives up evaluating
        QueryAnswer answer = read(503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out\"}");

        // Then a later refresh may succeed
        assertThat(answer).isInstanceOfSatisfying(Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.TIMEOUT));
    }

    @Test
    void aNonPrometheusBodySaysTheUrlIsWrong() {
        // When something else answers at the URL
        QueryAnswer answer = read(200, "<html>login</html>");

        // Then the failure says so
        assertThat(answer).isInstanceOfSatisfying(Failure.class,
                f -> assertThat(f.reason()).isEqualTo(Reason.UNEXPECTED_RESPONSE));
    }
}
