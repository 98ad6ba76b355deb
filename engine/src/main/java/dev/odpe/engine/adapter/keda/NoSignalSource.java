package dev.odpe.engine.adapter.keda;

import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.scaler.signal.SignalSource;
import java.time.Clock;

/**
 * The signal source when no backend is configured: every query reads as failed, so a trigger with
 * a signal query gets UNAVAILABLE (KEDA's fallback) instead of a silent 0.
 */
final class NoSignalSource implements SignalSource {

    private final Clock clock;

    NoSignalSource(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void track(String query) {}

    @Override
    public SignalReading latest(String query) {
        return new SignalReading.Failed(
                query,
                "none",
                "no signal source is configured in the engine " + "(set odpe.scaler.prometheus.url)",
                clock.instant());
    }
}
