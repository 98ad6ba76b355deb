package dev.odpe.engine.it;

import dev.odpe.testsupport.Alertmanager;
import dev.odpe.testsupport.FreePort;
import dev.odpe.testsupport.WebhookReceiver;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.net.URI;
import java.util.Map;

/**
 * Two real Alertmanagers, not clustered, whose webhooks point at a port where nothing listens: the
 * engine learns their alerts only from their API ({@code odpe.alertmanager.urls}, resync every second).
 * Injects an {@link AlertmanagerPair} into test fields.
 */
public class AlertmanagerPairResource implements QuarkusTestResourceLifecycleManager {

    private AlertmanagerPair pair;

    @Override
    public Map<String, String> start() {
        WebhookReceiver nowhere = WebhookReceiver.unauthenticated(
                URI.create("http://127.0.0.1:" + FreePort.pick() + "/api/v1/alerts/alertmanager"));
        Alertmanager first = Alertmanager.start(nowhere);
        pair = new AlertmanagerPair(first, Alertmanager.start(nowhere));
        return Map.of(
                "odpe.alertmanager.urls",
                pair.first().baseUri() + "," + pair.second().baseUri(),
                "odpe.alertmanager.resync-interval",
                "1s");
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(pair, new TestInjector.MatchesType(AlertmanagerPair.class));
    }

    @Override
    public void stop() {
        if (pair != null) {
            pair.first().close();
            pair.second().close();
        }
    }

    /** The two Alertmanagers of the test. */
    public record AlertmanagerPair(Alertmanager first, Alertmanager second) {}
}
