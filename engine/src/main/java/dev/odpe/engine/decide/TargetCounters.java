package dev.odpe.engine.decide;

import dev.odpe.engine.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code odpe_decisions_by_target_total{action,outcome,target_namespace,pool,model}}: decisions per pool and
 * model, for the dashboard's namespace/pool/model variables ({@code odpe_decisions_total} has the
 * rule instead). Pools and models come from alert labels, so the label sets are capped: beyond
 * {@link #MAX_TARGETS} distinct targets the rest count under {@code target_namespace="", pool="_other",
 * model="_other"} rather than growing the registry without bound. The label is
 * {@code target_namespace}: a Kubernetes scrape adds {@code namespace} (the engine's own) and would
 * rename ours to {@code exported_namespace}.
 */
final class TargetCounters {

    static final int MAX_TARGETS = 1000;
    private static final String OTHER = "_other";

    private record Key(String action, String outcome, String namespace, String pool, String model) {}

    private final MeterRegistry meters;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();

    TargetCounters(MeterRegistry meters) {
        this.meters = meters;
    }

    void count(Decision decision) {
        ActionLabels labels = ActionLabels.of(decision.action());
        Key key = new Key(
                decision.action().type(), decision.outcome().name(), labels.namespace(), labels.pool(), labels.model());
        Counter counter = counters.get(key);
        if (counter == null) {
            if (counters.size() >= MAX_TARGETS) {
                key = new Key(key.action(), key.outcome(), "", OTHER, OTHER);
            }
            counter = counters.computeIfAbsent(key, this::register);
        }
        counter.increment();
    }

    private Counter register(Key k) {
        return Counter.builder("odpe.decisions.by.target")
                .description("Decisions by action type, outcome and the pool or model they act on")
                .tag("action", k.action())
                .tag("outcome", k.outcome())
                .tag("target_namespace", k.namespace())
                .tag("pool", k.pool())
                .tag("model", k.model())
                .register(meters);
    }
}
