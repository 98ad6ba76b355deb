package dev.odpe.engine.scaler;

import dev.odpe.scaler.signal.SignalReading;
import dev.odpe.scaler.signal.SignalSource;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The signal source when none is installed: every query reads as failed, so a trigger with a
 * signal query gets UNAVAILABLE (KEDA's fallback) instead of a silent 0. Any {@link SignalSource}
 * bean (e.g. the Prometheus one) replaces it.
 */
@Singleton
public class NoSignalSourceProducer {

    @Produces
    @Singleton
    @DefaultBean
    SignalSource noSignalSource(Clock clock) {
        return new SignalSource() {
            @Override
            public void track(String query) {
            }

            @Override
            public SignalReading latest(String query) {
                return new SignalReading.Failed(query, "none", "no signal source is configured in the engine",
                        clock.instant());
            }
        };
    }
}
