package dev.odpe.engine.adapter.kafka;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The embedded default: Kafka off. The engine decides on drift events over HTTP and creates no Kafka
 * client at all (so there is nothing to log connection errors), although both channels are defined.
 */
@QuarkusTest
@WithTestResource(ThreadsBeforeStart.class)
class KafkaOffTest {

    @Test
    void withKafkaOffADecidedDriftEventStartsNoKafkaClient() {
        // When a drift event arrives over HTTP and is decided on (a decision is what would be published)
        given().contentType("application/cloudevents+json")
                .body(DriftRecords.odpe("off-1", "kafka-off-m", "1", 0.9))
                .post("/api/v1/events")
                .then()
                .statusCode(202);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> given().queryParam("target", "model:ml-serving/kafka-off-m")
                                .get("/api/v1/decisions")
                                .jsonPath()
                                .getList("decisions")
                                .size()
                        > 0);

        // Then this engine started no Kafka client thread (consumer, producer, admin). Threads an earlier
        // engine in this JVM left behind do not count: the decisions producer's threads outlive an engine
        // with Kafka on that stopped (docs/known-limitations.md).
        List<String> kafkaThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !ThreadsBeforeStart.existedBeforeStart(thread))
                .map(Thread::getName)
                .filter(name -> name.contains("kafka"))
                .toList();
        assertThat(kafkaThreads).isEmpty();
    }
}
