package dev.odpe.engine.decide;

import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.rules.action.Target;
import io.opentelemetry.api.trace.Span;

/**
 * Where an action points, as the labels operators filter by in Grafana and Tempo: namespace, pool,
 * model and model version ("" when the action has none). One place for spans and metrics, so a
 * trace found by a dashboard's pool or model carries the same values.
 */
record ActionLabels(String namespace, String pool, String model, String version) {

    static ActionLabels of(RemediationAction action) {
        if (action instanceof ScalePool scale) {
            return new ActionLabels(orEmpty(scale.namespace()), scale.pool(), "", "");
        }
        if (action instanceof RollbackModel rollback) {
            return new ActionLabels(orEmpty(rollback.namespace()), "", rollback.model(), rollback.badVersion());
        }
        return ofTarget(action.target()); // Notify and any later action: its target says pool or model
    }

    private static ActionLabels ofTarget(Target target) {
        return target.kind() == Target.Kind.POOL
                ? new ActionLabels(target.namespace(), target.name(), "", "")
                : new ActionLabels(target.namespace(), "", target.name(), "");
    }

    /** Sets {@code odpe.namespace}, {@code odpe.pool}, {@code odpe.model}, {@code odpe.model.version} when known. */
    void addTo(Span span) {
        put(span, "odpe.namespace", namespace);
        put(span, "odpe.pool", pool);
        put(span, "odpe.model", model);
        put(span, "odpe.model.version", version);
    }

    private static void put(Span span, String key, String value) {
        if (!value.isEmpty()) {
            span.setAttribute(key, value);
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
