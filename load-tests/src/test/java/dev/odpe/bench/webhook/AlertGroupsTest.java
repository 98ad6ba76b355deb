package dev.odpe.bench.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertGroupsTest {

    private final AlertGroups groups = new AlertGroups("run1", 10, Instant.parse("2026-11-28T10:00:00Z"));

    @Test
    void aGroupIsAnAlertmanagerV4BodyWithOneLatencyAlertPerPool() throws Exception {
        // When a group is generated
        AlertGroups.Group group = groups.group(7);

        // Then it is a v4 webhook body with ten firing latency alerts, each for its own pool
        JsonNode body = new ObjectMapper().readTree(group.body());
        assertThat(body.path("version").asText()).isEqualTo("4");
        assertThat(body.path("alerts")).hasSize(10);
        Set<String> pools = new HashSet<>();
        for (JsonNode alert : body.path("alerts")) {
            assertThat(alert.path("labels").path("signal").asText()).isEqualTo("latency");
            pools.add(alert.path("labels").path("pool").asText());
        }
        assertThat(pools).hasSize(10);
        assertThat(body.path("alerts").findValuesAsText("fingerprint")).isEqualTo(group.fingerprints());
    }

    @Test
    void fingerprintsNeverRepeatAcrossGroupsOrRuns() {
        // Given groups from two runs
        AlertGroups otherRun = new AlertGroups("run2", 10, Instant.parse("2026-11-28T10:00:00Z"));

        // When many groups are generated
        Set<String> fingerprints = new HashSet<>();
        int generated = 0;
        for (long i = 0; i < 1_000; i++) {
            fingerprints.addAll(groups.group(i).fingerprints());
            fingerprints.addAll(otherRun.group(i).fingerprints());
            generated += 20;
        }

        // Then every alert is new to the engine's dedupe
        assertThat(fingerprints).hasSize(generated);
    }
}
