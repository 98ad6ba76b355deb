package dev.odpe.engine.adapter.rollback.argocd;

import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * A circuit breaker for one Argo CD endpoint (SmallRye Fault Tolerance's programmatic guard; needs
 * the CDI container, so it is built in the executor bean). Transient failures (5xx, timeouts,
 * unreachable) count against the endpoint; Argo CD's answers — success or a 4xx refusal — count as
 * successes, since the server works. Open: calls fail at once as {@link ApiCall.Reason#CIRCUIT_OPEN}
 * (transient) without reaching Argo CD, until {@code delay} has passed and a trial call succeeds.
 */
public final class ArgoCdCircuitBreaker implements EndpointGuard {

    private static final Logger LOG = Logger.getLogger(ArgoCdCircuitBreaker.class);

    /** Carries a transient failure through the guard so that the breaker counts it. */
    private static final class TransientCall extends RuntimeException {
        final transient ApiCall.Failed failed;

        TransientCall(ApiCall.Failed failed) {
            super(failed.message(), null, false, false);
            this.failed = failed;
        }
    }

    private final TypedGuard<ApiCall> guard;
    private final URI endpoint;
    private final Duration delay;

    public ArgoCdCircuitBreaker(URI endpoint, int requestVolume, double failureRatio, Duration delay) {
        this.endpoint = endpoint;
        this.delay = delay;
        this.guard = TypedGuard.create(ApiCall.class)
                .withDescription("argocd " + endpoint)
                .withCircuitBreaker()
                .requestVolumeThreshold(requestVolume)
                .failureRatio(failureRatio)
                .delay(delay.toMillis(), ChronoUnit.MILLIS)
                .successThreshold(1)
                .failOn(TransientCall.class)
                .onStateChange(this::log)
                .done()
                .build();
    }

    @Override
    public ApiCall call(Supplier<ApiCall> call) {
        try {
            return guard.get(() -> {
                ApiCall answer = call.get();
                if (answer instanceof ApiCall.Failed failed
                        && failed.reason().isTransient()
                        && failed.reason() != ApiCall.Reason.OPERATION_IN_PROGRESS) {
                    throw new TransientCall(failed);
                }
                return answer;
            });
        } catch (TransientCall e) {
            return e.failed;
        } catch (CircuitBreakerOpenException e) {
            return new ApiCall.Failed(
                    ApiCall.Reason.CIRCUIT_OPEN,
                    0,
                    "circuit breaker for " + endpoint + " is open "
                            + "after repeated transient failures; not calling it for " + delay + " after the last one");
        }
    }

    private void log(CircuitBreakerState state) {
        LOG.infof("Argo CD circuit breaker for %s is now %s", endpoint, state);
    }
}
