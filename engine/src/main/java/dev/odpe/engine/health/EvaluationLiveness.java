package dev.odpe.engine.health;

import dev.odpe.engine.evaluate.EvaluationConfig;
import dev.odpe.engine.evaluate.EvaluationLoop;
import dev.odpe.engine.evaluate.RulePackProvider;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Dead when a loaded pack's evaluation thread has died, or has been inside one batch (or idle tick)
 * for longer than {@code odpe.evaluation.max-batch-duration} (a rule pack whose firing never ends): a
 * restart is the fix. A broken pack is not a liveness failure (a restart would not fix it), it only
 * keeps the engine unready.
 */
@Liveness
@ApplicationScoped
public class EvaluationLiveness implements HealthCheck {

    private final RulePackProvider packs;
    private final EvaluationLoop loop;
    private final Duration maxBatchDuration;
    private final Clock clock;

    public EvaluationLiveness(RulePackProvider packs, EvaluationLoop loop, EvaluationConfig config, Clock clock) {
        this.packs = packs;
        this.loop = loop;
        this.maxBatchDuration = config.maxBatchDuration();
        this.clock = clock;
    }

    @Override
    public HealthCheckResponse call() {
        Optional<Instant> busySince = loop.busySince();
        if (busySince.isPresent()) {
            Duration busy = Duration.between(busySince.get(), clock.instant());
            if (busy.compareTo(maxBatchDuration) > 0) {
                return HealthCheckResponse.named("evaluation-thread")
                        .down()
                        .withData("busy-for", busy.toString())
                        .withData("max-batch-duration", maxBatchDuration.toString())
                        .build();
            }
        }
        boolean alive = packs.pack().isEmpty() || loop.isRunning() || loop.isStopping();
        return HealthCheckResponse.named("evaluation-thread").status(alive).build();
    }
}
