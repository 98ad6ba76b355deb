package dev.odpe.engine.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An unexpected server error is a problem JSON with an {@code errorId} that is also in the ERROR log line
 * with the stack, and nothing of the exception (class, message, stack) in the response.
 */
@QuarkusTest
class UnexpectedErrorTest {

    private static final String SECRET = "password=hunter2-in-an-exception-message";

    /** A test-only endpoint with a bug. */
    @Path("/test/unexpected-error")
    public static class BrokenResource {
        @GET
        public String fail() {
            throw new IllegalStateException("a bug that leaks " + SECRET);
        }
    }

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void captureLog() {
        Logger.getLogger(UnexpectedErrorMapper.class.getName()).addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        Logger.getLogger(UnexpectedErrorMapper.class.getName()).removeHandler(capture);
    }

    @Test
    void aBugIsA500ProblemWhoseErrorIdIsInTheErrorLogWithTheStack() {
        // When an endpoint throws something nobody expected
        Response response = given().get("/test/unexpected-error");

        // Then the client gets a 500 problem JSON with an errorId and nothing of the exception
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.contentType()).startsWith("application/problem+json");
        String errorId = response.jsonPath().getString("errorId");
        assertThat(errorId).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(response.jsonPath().getString("type")).isEqualTo("urn:odpe:problem:internal-error");
        assertThat(response.jsonPath().getString("detail")).contains(errorId);
        assertThat(response.asString())
                .doesNotContain("hunter2")
                .doesNotContain("IllegalStateException")
                .doesNotContain("\tat ")
                .doesNotContain("<html");

        // And the same id is in an ERROR line that carries the exception and its stack
        assertThat(records).anySatisfy(r -> {
            assertThat(r.getLevel().getName()).isEqualTo("ERROR");
            assertThat(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters()))
                    .contains(errorId);
            assertThat(r.getThrown()).isInstanceOf(IllegalStateException.class);
            assertThat(r.getThrown().getStackTrace()).isNotEmpty();
        });
    }

    @Test
    void aMethodTheEndpointDoesNotHaveIsA405ProblemNotAnHtmlPage() {
        // When decisions are deleted, which the API does not offer
        Response response = given().delete("/api/v1/decisions");

        // Then 405 as a problem JSON
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.asString()).doesNotContain("<html");
    }
}
