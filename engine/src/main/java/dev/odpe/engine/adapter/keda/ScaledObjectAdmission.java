package dev.odpe.engine.adapter.keda;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which ScaledObjects the scaler serves, checked before any state is kept for one: its namespace
 * must be allowed ({@code odpe.scaler.allowed-namespaces}, else PERMISSION_DENIED), and at most
 * {@code odpe.scaler.max-scaled-objects} distinct ScaledObjects are remembered at once (a new one
 * beyond it gets RESOURCE_EXHAUSTED). Memory per ScaledObject (target status, tracked queries) is
 * therefore bounded however many names callers invent. A ScaledObject no RPC named for
 * {@code odpe.scaler.target-status.forget-after} is forgotten. Called on gRPC threads.
 */
@ApplicationScoped
public class ScaledObjectAdmission {

    private final Optional<Set<String>> allowedNamespaces;
    private final int max;
    private final Duration forgetAfter;
    private final Clock clock;
    private final Map<ScaledObjectId, Instant> remembered = new ConcurrentHashMap<>();
    private final AtomicBoolean full = new AtomicBoolean();
    private final Counter refusedNamespace;
    private final Counter refusedFull;

    public ScaledObjectAdmission(ScalerConfig config, Clock clock, MeterRegistry meters) {
        this.allowedNamespaces = config.allowedNamespaces();
        this.max = config.maxScaledObjects();
        this.forgetAfter = config.targetStatus().forgetAfter();
        this.clock = clock;
        this.refusedNamespace = refused(meters, "namespace-not-allowed");
        this.refusedFull = refused(meters, "max-scaled-objects");
        Gauge.builder("odpe.scaler.scaled.objects", remembered, Map::size)
                .description("ScaledObjects the KEDA scaler remembers (bounded by odpe.scaler.max-scaled-objects)")
                .register(meters);
    }

    /** Refuses a namespace that is not allowed; call before the metadata is even parsed. */
    public void checkNamespace(String namespace) {
        if (allowedNamespaces.isPresent() && !allowedNamespaces.get().contains(namespace)) {
            refusedNamespace.increment();
            throw Status.PERMISSION_DENIED
                    .withDescription("namespace '" + namespace + "' is not served by this "
                            + "scaler; odpe.scaler.allowed-namespaces is " + new TreeSet<>(allowedNamespaces.get()))
                    .asRuntimeException();
        }
    }

    /** Remembers (or refreshes) the ScaledObject, or refuses it when the bound is reached. */
    public void admit(ScaledObjectId id) {
        Instant now = clock.instant();
        if (remembered.replace(id, now) != null) {
            return;
        }
        synchronized (this) {
            if (remembered.size() >= max) {
                Instant horizon = now.minus(forgetAfter);
                remembered.values().removeIf(seen -> seen.isBefore(horizon));
            }
            if (remembered.size() >= max && !remembered.containsKey(id)) {
                refusedFull.increment();
                if (full.compareAndSet(false, true)) {
                    Log.warnf(
                            "KEDA scaler: refusing ScaledObject %s and any other new one: %d ScaledObjects are "
                                    + "remembered, the bound odpe.scaler.max-scaled-objects; one no RPC names for %s is "
                                    + "forgotten",
                            id, max, forgetAfter);
                }
                throw Status.RESOURCE_EXHAUSTED
                        .withDescription("ScaledObject " + id + " refused: this scaler already " + "serves " + max
                                + " ScaledObjects (odpe.scaler.max-scaled-objects)")
                        .asRuntimeException();
            }
            remembered.put(id, now);
            if (remembered.size() < max && full.compareAndSet(true, false)) {
                Log.info("KEDA scaler: below odpe.scaler.max-scaled-objects again; new ScaledObjects are accepted");
            }
        }
    }

    /** True while the ScaledObject is remembered (admitted and not forgotten). */
    boolean remembers(ScaledObjectId id) {
        return remembered.containsKey(id);
    }

    int size() {
        return remembered.size();
    }

    private static Counter refused(MeterRegistry meters, String reason) {
        return Counter.builder("odpe.scaler.refused")
                .description("KEDA scaler RPCs refused by admission")
                .tag("reason", reason)
                .register(meters);
    }
}
