package dev.odpe.engine.adapter.rollback.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import org.junit.jupiter.api.Test;

class VersionLocationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aKustomizeImageOverridePinsTheVersionInItsTag() throws Exception {
        // Given a source overriding the model image, with and without a new name
        var plain = json.readTree("{\"kustomize\":{\"images\":[\"registry.example.com/models/bert:7\"]}}");
        var renamed = json.readTree("{\"kustomize\":{\"images\":[\"bert=registry.example.com/models/bert:9\"]}}");
        VersionLocation location = new VersionLocation.KustomizeImage("registry.example.com/models/bert");

        // When the version is read
        // Then it is the tag
        assertThat(location.versionIn(plain)).contains("7");
        assertThat(location.versionIn(renamed)).contains("9");
    }
}
