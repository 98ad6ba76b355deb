package dev.odpe.engine.it;

import dev.odpe.testsupport.FreePort;
import dev.odpe.testsupport.Prometheus;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Starts a Triton-like exporter and a real Prometheus scraping it, points the engine's signal
 * source at that Prometheus (refreshing every 300 ms), gives the engine's gRPC server a free
 * loopback port, and injects a {@link SignalBackends} into test fields so tests can set load and
 * stop Prometheus.
 */
public class PrometheusResource implements QuarkusTestResourceLifecycleManager {

    private SignalBackends backends;

    @Override
    public Map<String, String> start() {
        TritonExporter exporter = new TritonExporter();
        Prometheus prometheus = Prometheus.scraping(exporter.target());
        prometheus.awaitTargetUp();
        backends = new SignalBackends(exporter, prometheus, FreePort.pick());
        return Map.of(
                "odpe.scaler.prometheus.url", prometheus.baseUri().toString(),
                "odpe.scaler.prometheus.refresh-interval", "300ms",
                "quarkus.grpc.server.port", String.valueOf(backends.grpcPort()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(backends, new TestInjector.MatchesType(SignalBackends.class));
    }

    @Override
    public void stop() {
        if (backends != null) {
            backends.prometheus().close();
            backends.exporter().close();
        }
    }

    /** What a test needs to drive the signals: the exporter's values, Prometheus itself, and where gRPC listens. */
    public record SignalBackends(TritonExporter exporter, Prometheus prometheus, int grpcPort) {}
}
