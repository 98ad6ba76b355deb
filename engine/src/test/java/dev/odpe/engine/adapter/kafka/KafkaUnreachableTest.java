package dev.odpe.engine.adapter.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.testsupport.FreePort;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kafka switched on but not reachable when the engine starts (a broker outage, a wrong address): the
 * engine still starts, after one restore timeout rather than two, and is ready — the webhook, HTTP drift
 * events and the KEDA scaler do not depend on Kafka.
 */
@QuarkusTest
@TestProfile(KafkaUnreachableTest.NobodyListening.class)
class KafkaUnreachableTest {

    @Inject
    DecisionHistory history;

    @Test
    void withKafkaUnreachableTheEngineStartsReadyAndSkipsTheDriftReplay() {
        // Given an engine that started while nothing listened on its Kafka address (NobodyListening)
        // When readiness and liveness are asked
        // Then both are UP, and the restore knew Kafka was unreachable (so the replay did not wait again)
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/health/live").then().statusCode(200);
        assertThat(history.kafkaUnreachable()).isTrue();
    }

    public static class NobodyListening implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "odpe.kafka.enabled",
                    "true",
                    "kafka.bootstrap.servers",
                    "127.0.0.1:" + FreePort.pick(),
                    "odpe.kafka.restore.timeout",
                    "2s",
                    "odpe.kafka.replay.timeout",
                    "2s",
                    // the clients retry the address every second; that is the expected noise here
                    "quarkus.log.category.\"org.apache.kafka\".level",
                    "ERROR");
        }
    }
}
