package dev.odpe.engine.it;

import static io.restassured.RestAssured.given;

import dev.odpe.testsupport.Alertmanager;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reads the engine's audit trail ({@code GET /api/v1/decisions?target=...}) through RestAssured,
 * which Quarkus points at the running application.
 */
final class Decisions {

    /** Generous: the engine batches, evaluates on one thread, and Alertmanager flushes groups every second. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** What Alertmanager 0.25 logs when a webhook answers 4xx. */
    private static final String UNRECOVERABLE_NOTIFY = "notify retry canceled due to unrecoverable error";

    private Decisions() {}

    /** The decisions for {@code target}, newest first, as the JSON objects the API returns. */
    static List<Map<String, Object>> forTarget(String target) {
        Response response = given().queryParam("target", target)
                .accept("application/json")
                .when()
                .get("/api/v1/decisions");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/decisions?target=" + target + " answered "
                    + response.statusCode() + ": " + response.asString());
        }
        return response.jsonPath().getList("decisions");
    }

    /**
     * Waits until a decision for {@code target} matches; on timeout the failure shows the last
     * decisions seen and Alertmanager's log, which is where a lost notification shows up.
     */
    static Map<String, Object> awaitOne(
            String target, String description, Predicate<Map<String, Object>> matching, Alertmanager alertmanager) {
        AtomicReference<Object> lastSeen = new AtomicReference<>("(nothing yet)");
        AtomicReference<Map<String, Object>> found = new AtomicReference<>();
        try {
            Awaitility.await(description)
                    .atMost(TIMEOUT)
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsMatching(e -> {
                        lastSeen.set(e.getMessage());
                        return !(e instanceof AssertionError);
                    })
                    .until(() -> {
                        failFastOnRefusedNotification(alertmanager);
                        List<Map<String, Object>> decisions = forTarget(target);
                        lastSeen.set(decisions);
                        decisions.stream().filter(matching).findFirst().ifPresent(found::set);
                        return found.get() != null;
                    });
            return found.get();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "no decision for " + target + " matched: " + description
                            + " within " + TIMEOUT + "\nlast seen: " + lastSeen.get()
                            + "\n--- Alertmanager log ---\n" + alertmanager.log(),
                    e);
        }
    }

    /** Alertmanager does not retry 4xx answers; waiting longer cannot help, so say why now. */
    private static void failFastOnRefusedNotification(Alertmanager alertmanager) {
        String log = alertmanager.log();
        if (log.contains(UNRECOVERABLE_NOTIFY)) {
            throw new AssertionError("the engine refused Alertmanager's notification (4xx, not retried)"
                    + "\n--- Alertmanager log ---\n" + log);
        }
    }

    static Predicate<Map<String, Object>> scalePool(String intent, String namespace, String pool, String fingerprint) {
        return decision -> intent.equals(decision.get("intent"))
                && decision.get("action") instanceof Map<?, ?> action
                && "ScalePool".equals(action.get("type"))
                && namespace.equals(action.get("namespace"))
                && pool.equals(action.get("pool"))
                && decision.get("causes") instanceof List<?> causes
                && causes.contains(fingerprint);
    }
}
