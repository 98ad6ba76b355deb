package dev.odpe.engine.adapter.keda;

import dev.odpe.scaler.Boost;
import dev.odpe.scaler.ScalerMetadata;
import dev.odpe.scaler.ScalingAnswer;
import dev.odpe.scaler.SignalSpec;
import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.scaler.signal.SignalSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-pool scaler metrics, so a dashboard shows why a pool has its replicas: what the engine last
 * answered KEDA ({@code odpe_scaler_desired_replicas}), the live rule boost in it
 * ({@code odpe_scaler_boost_replicas}), each signal's latest value and age, and how often KEDA got
 * replicas or UNAVAILABLE. Series exist per ScaledObject that GetMetrics named; ScaledObjects the
 * admission forgot lose theirs, so the series stay bounded by {@code odpe.scaler.max-scaled-objects}.
 * Signal value and age, and the boost, are read when Prometheus scrapes, not when KEDA asked.
 */
@ApplicationScoped
public class PoolMetrics {

    private final MeterRegistry meters;
    private final SignalSource signals;
    private final PoolIntents intents;
    private final ScaledObjectAdmission admission;
    private final Clock clock;
    private final Map<ScaledObjectId, Series> series = new ConcurrentHashMap<>();

    public PoolMetrics(
            MeterRegistry meters,
            SignalSource signals,
            PoolIntents intents,
            ScaledObjectAdmission admission,
            Clock clock) {
        this.meters = meters;
        this.signals = signals;
        this.intents = intents;
        this.admission = admission;
        this.clock = clock;
    }

    /** Records one GetMetrics answer for the ScaledObject {@code id}. Called on gRPC threads. */
    public void answered(ScaledObjectId id, ScalerMetadata metadata, ScalingAnswer answer) {
        Series s = series.get(id);
        if (s == null || !s.metadata.equals(metadata)) {
            s = replace(id, metadata);
        }
        if (answer instanceof ScalingAnswer.Desired desired) {
            s.desired.set(desired.replicas());
            s.replicas.increment();
        } else {
            s.unavailable.increment();
        }
    }

    private synchronized Series replace(ScaledObjectId id, ScalerMetadata metadata) {
        Series old = series.get(id);
        if (old != null && old.metadata.equals(metadata)) {
            return old;
        }
        if (old != null) {
            old.remove(meters);
        }
        forgetUnadmitted();
        Series created = new Series(id, metadata);
        series.put(id, created);
        return created;
    }

    /** Drops the series of ScaledObjects the admission no longer remembers (forgotten after inactivity). */
    private void forgetUnadmitted() {
        series.entrySet().removeIf(e -> {
            if (admission.remembers(e.getKey())) {
                return false;
            }
            e.getValue().remove(meters);
            return true;
        });
    }

    /** The meters of one ScaledObject. */
    private final class Series {

        final ScalerMetadata metadata;
        final AtomicInteger desired = new AtomicInteger();
        final Counter replicas;
        final Counter unavailable;
        final List<Meter> all = new ArrayList<>();

        Series(ScaledObjectId id, ScalerMetadata metadata) {
            this.metadata = metadata;
            PoolKey pool = new PoolKey(metadata.namespace(), metadata.pool());
            Tags tags = Tags.of("target_namespace", metadata.namespace(), "pool", metadata.pool());
            Tags scaledObject = tags.and("scaled_object", id.name());
            all.add(Gauge.builder("odpe.scaler.desired.replicas", desired, AtomicInteger::get)
                    .description("Replicas the KEDA scaler last answered for the ScaledObject (GetMetrics)")
                    .tags(scaledObject)
                    .register(meters));
            all.add(Gauge.builder(
                            "odpe.scaler.boost.replicas", intents, i -> Boost.total(i.boosts(pool), clock.instant()))
                    .description("Extra replicas live rule intents (ScalePool) add to the pool now")
                    .tags(scaledObject)
                    .register(meters));
            replicas = answers(scaledObject, "replicas");
            unavailable = answers(scaledObject, "unavailable");
            all.add(replicas);
            all.add(unavailable);
            for (SignalSpec signal : metadata.signals()) {
                Tags signalTags =
                        scaledObject.and("signal", signal.kind().name().toLowerCase(Locale.ROOT));
                all.add(Gauge.builder("odpe.scaler.signal.value", signal, this::value)
                        .description("Latest reading of the pool's signal query (NaN: no value)")
                        .tags(signalTags)
                        .register(meters));
                all.add(Gauge.builder("odpe.scaler.signal.target", signal, SignalSpec::perReplicaTarget)
                        .description("The signal's per-replica target from the trigger metadata")
                        .tags(signalTags)
                        .register(meters));
                all.add(Gauge.builder("odpe.scaler.signal.age", signal, this::ageSeconds)
                        .description("Age of the signal's latest value (NaN: no value); above maxStaleness "
                                + "KEDA gets UNAVAILABLE")
                        .tags(signalTags)
                        .baseUnit("seconds")
                        .register(meters));
            }
        }

        private Counter answers(Tags tags, String answer) {
            return Counter.builder("odpe.scaler.answers")
                    .description("GetMetrics answers: replicas, or UNAVAILABLE (KEDA applies its fallback)")
                    .tags(tags.and("answer", answer))
                    .register(meters);
        }

        private double value(SignalSpec signal) {
            return signals.latest(signal.query()) instanceof SignalReading.Value v ? v.value() : Double.NaN;
        }

        private double ageSeconds(SignalSpec signal) {
            if (signals.latest(signal.query()) instanceof SignalReading.Value v) {
                return Duration.between(v.observedAt(), clock.instant()).toMillis() / 1000.0;
            }
            return Double.NaN;
        }

        void remove(MeterRegistry registry) {
            all.forEach(registry::remove);
        }
    }
}
