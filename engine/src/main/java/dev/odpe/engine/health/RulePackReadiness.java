package dev.odpe.engine.health;

import dev.odpe.engine.evaluate.EvaluationLoop;
import dev.odpe.engine.evaluate.RulePackProvider;
import dev.odpe.engine.evaluate.RulePackProvider.LoadState;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once the first rule pack passed the gate and the evaluation thread is taking work. A later
 * pack that fails the gate leaves the engine ready on the last good one; the data names the rejection.
 */
@Readiness
@ApplicationScoped
public class RulePackReadiness implements HealthCheck {

    private final RulePackProvider packs;
    private final EvaluationLoop loop;

    public RulePackReadiness(RulePackProvider packs, EvaluationLoop loop) {
        this.packs = packs;
        this.loop = loop;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("rule-pack");
        LoadState state = packs.state();
        if (state instanceof LoadState.Loaded loaded) {
            response.withData("version", loaded.pack().version())
                    .withData("source", loaded.source())
                    .withData("rules", loaded.pack().ruleNames().size());
            packs.active().filter(a -> a.commit() != null).ifPresent(a -> response.withData("commit", a.commit()));
            // A rejected newer pack does not make the engine unready: the last good one runs; say so here.
            packs.lastRejection()
                    .ifPresent(rejected -> response.withData(
                                    "last-rejected", rejected.commit() == null ? rejected.source() : rejected.commit())
                            .withData("last-rejection", rejected.summary()));
            return response.status(loop.isRunning())
                    .withData("evaluation", loop.isRunning() ? "running" : "stopped")
                    .build();
        }
        if (state instanceof LoadState.Failed failed) {
            response.withData("source", failed.source())
                    .withData("problems", failed.problems().size());
            for (int i = 0; i < failed.problems().size(); i++) {
                response.withData("problem." + (i + 1), failed.problems().get(i).toString());
            }
            if (failed.problems().isEmpty()) {
                response.withData("error", failed.summary());
            }
            return response.down().build();
        }
        return response.down().withData("state", "compiling").build();
    }
}
