package dev.odpe.engine.adapter.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.testsupport.MutableClock;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScaledObjectAdmissionTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void namespaceNotAllowedIsPermissionDeniedNamingItAndTheKey() {
        ScaledObjectAdmission admission = admission(Optional.of(Set.of("ml-serving")), 10);
        assertThatCode(() -> admission.checkNamespace("ml-serving")).doesNotThrowAnyException();
        assertThatThrownBy(() -> admission.checkNamespace("team-x"))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription())
                            .contains("'team-x'")
                            .contains("odpe.scaler.allowed-namespaces")
                            .contains("ml-serving");
                });
        assertThat(meters.counter("odpe.scaler.refused", "reason", "namespace-not-allowed")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void everyNamespaceIsAllowedWhenUnset() {
        ScaledObjectAdmission admission = admission(Optional.empty(), 10);
        assertThatCode(() -> admission.checkNamespace("anything")).doesNotThrowAnyException();
    }

    @Test
    void newScaledObjectBeyondTheBoundIsResourceExhaustedWhileKnownOnesAreStillServed() {
        // Given a bound of 3, reached
        ScaledObjectAdmission admission = admission(Optional.empty(), 3);
        for (int i = 0; i < 3; i++) {
            admission.admit(new ScaledObjectId("ml", "so-" + i));
        }
        // When a fourth ScaledObject asks
        // Then it is refused, naming the bound
        assertThatThrownBy(() -> admission.admit(new ScaledObjectId("ml", "so-new")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
                    assertThat(e.getStatus().getDescription())
                            .contains("ml/so-new")
                            .contains("odpe.scaler.max-scaled-objects")
                            .contains("3");
                });
        // And the known ones still are served, and nothing more is remembered
        assertThatCode(() -> admission.admit(new ScaledObjectId("ml", "so-1"))).doesNotThrowAnyException();
        assertThat(admission.size()).isEqualTo(3);
        assertThat(meters.counter("odpe.scaler.refused", "reason", "max-scaled-objects")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void scaledObjectNoRpcNamedForForgetAfterFreesItsPlace() {
        ScaledObjectAdmission admission = admission(Optional.empty(), 2);
        admission.admit(new ScaledObjectId("ml", "old"));
        clock.advance(Duration.ofMinutes(5));
        admission.admit(new ScaledObjectId("ml", "recent"));
        clock.advance(Duration.ofMinutes(6)); // "old" last seen 11 minutes ago, forget-after is 10
        admission.admit(new ScaledObjectId("ml", "new"));
        assertThat(admission.size()).isEqualTo(2);
        assertThatThrownBy(() -> admission.admit(new ScaledObjectId("ml", "another")))
                .isInstanceOf(StatusRuntimeException.class);
    }

    @Test
    void manyInventedNamesNeverGrowMemoryBeyondTheBound() {
        ScaledObjectAdmission admission = admission(Optional.empty(), 100);
        int refused = 0;
        for (int i = 0; i < 100_000; i++) {
            try {
                admission.admit(new ScaledObjectId("ml", "so-" + i));
            } catch (StatusRuntimeException e) {
                refused++;
            }
        }
        assertThat(admission.size()).isEqualTo(100);
        assertThat(refused).isEqualTo(99_900);
    }

    private ScaledObjectAdmission admission(Optional<Set<String>> allowed, int max) {
        ScalerConfig.TargetStatusConfig status =
                ConfigStub.of(ScalerConfig.TargetStatusConfig.class, Map.of("forgetAfter", Duration.ofMinutes(10)));
        ScalerConfig config = ConfigStub.of(
                ScalerConfig.class,
                Map.of("allowedNamespaces", allowed, "maxScaledObjects", max, "targetStatus", status));
        return new ScaledObjectAdmission(config, clock, meters);
    }
}
