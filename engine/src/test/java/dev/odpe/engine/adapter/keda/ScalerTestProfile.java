package dev.odpe.engine.adapter.keda;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;

/**
 * Scaler tests: live ScalePool intents (dry-run off), the fake signal source, quick target-status
 * refresh, a gRPC port the test client knows, and only namespace ml-serving served.
 */
public class ScalerTestProfile implements QuarkusTestProfile {

    static final int GRPC_PORT = freePort();

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "odpe.planner.dry-run", "false",
                "odpe.scaler.target-status.refresh", "200ms",
                "odpe.scaler.stream-resend-interval", "1s",
                "odpe.scaler.allowed-namespaces", "ml-serving",
                "quarkus.grpc.server.test-port", String.valueOf(GRPC_PORT),
                // The mock API server logs every request at INFO; the refresh reads several per 200 ms.
                "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FakeSignalSource.class);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
