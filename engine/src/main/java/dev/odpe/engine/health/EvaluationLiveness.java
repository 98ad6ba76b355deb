package dev.odpe.engine.health;

import dev.odpe.engine.evaluate.EvaluationLoop;
import dev.odpe.engine.evaluate.RulePackProvider;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Dead only when a loaded pack's evaluation thread has died: a restart is the fix. A broken pack is
 * not a liveness failure (a restart would not fix it), it only keeps the engine unready.
 */
@Liveness
@ApplicationScoped
public class EvaluationLiveness implements HealthCheck {

    private final RulePackProvider packs;
    private final EvaluationLoop loop;

    public EvaluationLiveness(RulePackProvider packs, EvaluationLoop loop) {
        this.packs = packs;
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        boolean alive = packs.pack().isEmpty() || loop.isRunning() || loop.isStopping();
        return HealthCheckResponse.named("evaluation-thread").status(alive).build();
    }
}
