package dev.odpe.engine.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /api/v1/decisions?limit=...}: any limit that is not a page size is a 400 problem naming it. */
@QuarkusTest
class DecisionsBadInputTest {

    @ParameterizedTest(name = "limit={0}")
    @ValueSource(strings = {"-1", "0", "abc", "1.5", "99999999999999999999", "1e3", "0x10", "%00"})
    void aLimitThatIsNotAPageSizeIsABadRequestNamingIt(String limit) {
        // When decisions are listed with that limit
        Response response = given().urlEncodingEnabled(!limit.startsWith("%"))
                .queryParam("limit", limit)
                .get("/api/v1/decisions");

        // Then 400 with a problem JSON about the limit (not the bare 404 JAX-RS gives an unconvertible Integer)
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("detail")).contains("limit must be between 1 and");
        assertThat(response.jsonPath().getString("field")).isEqualTo("limit");
    }
}
