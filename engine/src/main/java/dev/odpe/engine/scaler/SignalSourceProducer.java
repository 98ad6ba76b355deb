package dev.odpe.engine.scaler;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.scaler.prometheus.PromQlClient;
import dev.odpe.engine.scaler.prometheus.PrometheusConfig;
import dev.odpe.engine.scaler.prometheus.PrometheusSignalSource;
import dev.odpe.scaler.signal.SignalSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The one registration point for the scaler's signal source: Prometheus when
 * {@code odpe.scaler.prometheus.url} is set, otherwise a source whose every query reads as failed.
 * A default bean, so a test (or another backend) can replace it.
 */
@Singleton
public class SignalSourceProducer {

    private final PrometheusConfig config;
    private ScheduledExecutorService refresher;

    public SignalSourceProducer(PrometheusConfig config) {
        this.config = config;
    }

    void validateAtStartup(@Observes StartupEvent event) {
        requirePositive("refresh-interval", config.refreshInterval());
        requirePositive("query-timeout", config.queryTimeout());
        requirePositive("forget-after", config.forgetAfter());
        config.url().ifPresentOrElse(url -> {
            if (url.getScheme() == null || !url.getScheme().startsWith("http") || url.getHost() == null) {
                throw new IllegalArgumentException("odpe.scaler.prometheus.url must be an http(s) URL with a host, got "
                        + url);
            }
            Log.infof("Scaler signals: Prometheus at %s, refreshed every %s", url, config.refreshInterval());
        }, () -> Log.info("Scaler signals: none configured (odpe.scaler.prometheus.url unset); "
                + "triggers with signal queries answer UNAVAILABLE, intents still scale pools"));
    }

    @Produces
    @Singleton
    @DefaultBean
    SignalSource signalSource(Clock clock, MeterRegistry meters, ObjectMapper json) {
        if (config.url().isEmpty()) {
            return new NoSignalSource(clock);
        }
        URI url = config.url().get();
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.queryTimeout()).build();
        PrometheusSignalSource source = new PrometheusSignalSource(
                new PromQlClient(http, url, config.queryTimeout(), json), config, clock, meters);
        refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odpe-signal-refresh");
            t.setDaemon(true);
            return t;
        });
        long every = config.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(() -> refreshSafely(source), every, every, TimeUnit.MILLISECONDS);
        return source;
    }

    private static void refreshSafely(PrometheusSignalSource source) {
        try {
            source.refreshAll();
        } catch (RuntimeException e) {
            Log.error("Signal refresh pass failed; the next pass runs as scheduled", e); // never kill the schedule
        }
    }

    @PreDestroy
    void stop() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("odpe.scaler.prometheus." + key + " must be positive, got " + value);
        }
    }
}
