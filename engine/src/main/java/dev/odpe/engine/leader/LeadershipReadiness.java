package dev.odpe.engine.leader;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Names the leader state in {@code GET /q/health/ready} ({@code role}, {@code identity}, {@code leader}). Always up:
 * a follower is ready too, it answers KEDA's gRPC calls from the shared pool intents; the ingest Service reaches
 * only the leader through the pod label, not through readiness.
 */
@Readiness
@ApplicationScoped
public class LeadershipReadiness implements HealthCheck {

    private final Leadership leadership;

    public LeadershipReadiness(Leadership leadership) {
        this.leadership = leadership;
    }

    @Override
    public HealthCheckResponse call() {
        Leadership.Status status = leadership.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("leadership")
                .up()
                .withData("role", status.roleName())
                .withData("identity", status.identity());
        status.leader().ifPresent(leader -> response.withData("leader", leader));
        return response.build();
    }
}
