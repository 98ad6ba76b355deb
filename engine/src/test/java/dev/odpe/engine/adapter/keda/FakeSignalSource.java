package dev.odpe.engine.adapter.keda;

import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.scaler.signal.SignalSource;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A signal source tests set by hand. Enabled only by {@link ScalerTestProfile}, so it replaces the
 * engine's source (the no-op default, or the Prometheus one) in scaler tests alone.
 */
@Alternative
@Singleton
public class FakeSignalSource implements SignalSource {

    private final Map<String, SignalReading> readings = new ConcurrentHashMap<>();
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();
    private final Clock clock;

    public FakeSignalSource(Clock clock) {
        this.clock = clock;
    }

    public void set(String query, double value) {
        readings.put(query, new SignalReading.Value(query, value, clock.instant()));
    }

    public void set(SignalReading reading) {
        readings.put(reading.query(), reading);
    }

    public boolean isTracked(String query) {
        return tracked.contains(query);
    }

    @Override
    public void track(String query) {
        tracked.add(query);
    }

    @Override
    public SignalReading latest(String query) {
        return readings.getOrDefault(query, new SignalReading.Pending(query, clock.instant()));
    }
}
