package dev.odpe.engine.adapter.keda;

import dev.odpe.scaler.PoolScaler;
import dev.odpe.scaler.ScalerMetadata;
import dev.odpe.scaler.SignalSpec;
import dev.odpe.scaler.signal.SignalSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Map;

/**
 * Gathers what the scaling logic needs for one ScaledObject, all from memory: parsed metadata,
 * signal readings, live intents, cached target status and the time. Nothing here waits on
 * Prometheus or the API server.
 */
@ApplicationScoped
public class PoolSnapshots {

    private final SignalSource signals;
    private final PoolIntents intents;
    private final TargetStatusCache statuses;
    private final Clock clock;

    public PoolSnapshots(SignalSource signals, PoolIntents intents, TargetStatusCache statuses, Clock clock) {
        this.signals = signals;
        this.intents = intents;
        this.statuses = statuses;
        this.clock = clock;
    }

    /** @throws dev.odpe.scaler.InvalidMetadataException naming the bad key */
    public ScalerMetadata metadata(String namespace, Map<String, String> scalerMetadata) {
        return ScalerMetadata.parse(scalerMetadata, namespace);
    }

    public PoolScaler.Snapshot snapshot(String name, ScalerMetadata metadata) {
        for (SignalSpec signal : metadata.signals()) {
            signals.track(signal.query()); // idempotent: first sighting starts the background refresh
        }
        return new PoolScaler.Snapshot(
                metadata,
                signals::latest,
                intents.boosts(new PoolKey(metadata.namespace(), metadata.pool())),
                statuses.statusOf(new ScaledObjectId(metadata.namespace(), name)),
                clock.instant());
    }
}
