package dev.odpe.engine.ingest.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.decision.AlertChange;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DriftShapesTest {

    private static final Instant NOW = Instant.parse("2026-11-28T05:00:00Z");
    private final ObjectMapper json = new ObjectMapper();
    private final DriftPayloadShapes shapes = new DriftPayloadShapes();

    @Test
    void alibiDetectPerFeatureResultsDriftWhenAnyFeatureDrifts() throws Exception {
        // Given an alibi-detect result with one of three features drifted
        CloudEvent event = alibi("{\"data\":{\"is_drift\":[0,1,0],\"p_val\":[0.4,0.001,0.3],\"threshold\":0.05},"
                + "\"meta\":{\"name\":\"KSDrift\"}}");

        // When it is read
        DriftEvent drift = read(event);

        // Then it drifted, with the first p-value as score
        assertThat(drift.drifted()).isTrue();
        assertThat(drift.score()).isEqualTo(0.4);
        assertThat(drift.detector()).isEqualTo("KSDrift");
    }

    @Test
    void aNoDriftResultResolvesTheDriftFactOfThatModelVersionAndDetector() throws Exception {
        // Given alibi-detect reports no drift for bert 8
        DriftEvent drift = read(alibi("{\"data\":{\"is_drift\":0},\"meta\":{\"name\":\"KSDrift\"}}"));

        // When it becomes a fact change
        AlertChange change = DriftFacts.change(drift);

        // Then the drift fact for (ml-serving, bert, 8, KSDrift) is resolved
        assertThat(change).isEqualTo(new AlertChange.Resolved("drift:ml-serving/bert/8/KSDrift", NOW));
    }

    @Test
    void anEventWithoutNamespaceAnywhereNamesTheThreePlacesToSetIt() {
        // Given an alibi-detect event with no namespace extension and no default
        CloudEvent event = CloudEventBuilder.v1()
                .withId("1")
                .withSource(URI.create("urn:x"))
                .withType("io.seldon.serving.inference.drift")
                .withExtension("model", "bert")
                .withExtension("modelversion", "8")
                .withData("application/json", "{\"data\":{\"is_drift\":1}}".getBytes(StandardCharsets.UTF_8))
                .build();

        // When it is read, then the failure says where the namespace may come from
        assertThatThrownBy(() -> read(event))
                .isInstanceOf(InvalidDriftEvent.class)
                .hasMessageContaining("data.namespace")
                .hasMessageContaining("odpe.events.default-namespace");
    }

    private DriftEvent read(CloudEvent event) throws Exception {
        JsonNode data = json.readTree(event.getData().toBytes());
        DriftPayloadShape shape = shapes.shapeOf(event, data).orElseThrow();
        return ShapeReader.read(shape, event, data, Optional.empty(), NOW);
    }

    private static CloudEvent alibi(String data) {
        return CloudEventBuilder.v1()
                .withId("a-1")
                .withSource(URI.create("urn:seldon"))
                .withType("io.seldon.serving.inference.drift")
                .withExtension("namespace", "ml-serving")
                .withExtension("model", "bert")
                .withExtension("modelversion", "8")
                .withData("application/json", data.getBytes(StandardCharsets.UTF_8))
                .build();
    }
}
