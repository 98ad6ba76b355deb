package dev.odpe.engine.adapter.keda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.keda.prometheus.PrometheusClient;
import dev.odpe.engine.adapter.keda.prometheus.PrometheusConfig;
import dev.odpe.engine.adapter.keda.prometheus.PrometheusSettings;
import dev.odpe.engine.adapter.keda.prometheus.PrometheusSignalSource;
import dev.odpe.scaler.signal.SignalSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;

/**
 * The engine's one {@link SignalSource}, chosen at run time: Prometheus when
 * {@code odpe.scaler.prometheus.url} is set, otherwise {@link NoSignalSource} (every query reads as
 * failed). Built at start-up, so a bad Prometheus setting stops the engine with the key named.
 * Tests replace it with an {@code @Alternative} bean.
 */
@Singleton
public class SignalSourceProducer {

    @Produces
    @Singleton
    SignalSource signalSource(PrometheusConfig config, Clock clock, MeterRegistry registry) {
        Optional<PrometheusSettings> prometheus = PrometheusSettings.from(config);
        if (prometheus.isEmpty()) {
            Log.info(
                    "KEDA scaler: no signal source configured (odpe.scaler.prometheus.url unset); triggers with signal "
                            + "queries answer UNAVAILABLE, intent-only triggers work");
            return new NoSignalSource(clock);
        }
        PrometheusSettings settings = prometheus.get();
        Log.infof(
                "KEDA scaler: signals from %s, each query refreshed every %sms",
                settings.sourceName(), settings.refreshInterval().toMillis());
        Log.infof(
                "KEDA scaler: Prometheus queries carry %s%s",
                settings.credentials().describe(),
                settings.caFile().map(ca -> ", TLS trusting the CA in " + ca).orElse(""));
        if (settings.sendsCredentialsInClear()) {
            Log.warnf(
                    "KEDA scaler: %s is sent over plain http to %s; use an https:// url unless a mesh encrypts "
                            + "the connection",
                    settings.credentials().describe(), settings.sourceName());
        }
        PrometheusClient client = PrometheusClient.forSettings(settings, new ObjectMapper());
        return PrometheusSignalSource.start(settings, client, clock, registry);
    }

    void close(@Disposes SignalSource source) throws Exception {
        if (source instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Builds the source at start-up rather than on the first KEDA call: bad settings fail fast. */
    void atStartup(@Observes StartupEvent event, SignalSource source) {
        // Injecting the source builds it (a @Singleton has no lazy proxy); nothing else to do.
    }
}
