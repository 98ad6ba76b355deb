package dev.odpe.engine.adapter.rollback.argocd;

import java.util.function.Supplier;

/**
 * Wraps every call to one Argo CD endpoint. Production: {@link ArgoCdCircuitBreaker} (SmallRye Fault
 * Tolerance); components tested without CDI use {@link #none()}.
 */
@FunctionalInterface
public interface EndpointGuard {

    ApiCall call(Supplier<ApiCall> call);

    static EndpointGuard none() {
        return Supplier::get;
    }
}
