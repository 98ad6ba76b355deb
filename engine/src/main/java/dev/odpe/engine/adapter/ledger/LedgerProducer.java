package dev.odpe.engine.adapter.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.config.KubernetesCluster;
import dev.odpe.engine.ledger.InMemoryRemediationLedger;
import dev.odpe.engine.ledger.LedgerConfig;
import dev.odpe.engine.ledger.RemediationLedger;
import dev.odpe.engine.plan.PlannerConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.logging.Log;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The engine's one {@link RemediationLedger}, chosen from {@code odpe.ledger} (see {@link LedgerChoice}).
 * Start-up fails here when live actions would run without a durable ledger; the log says which ledger
 * is used, loudly when it is memory behind live actions.
 */
@Singleton
public class LedgerProducer {

    @Produces
    @Singleton
    RemediationLedger ledger(
            LedgerConfig config, PlannerConfig planner, KubernetesClient client, ObjectMapper json, Clock clock) {
        LedgerChoice choice = LedgerChoice.of(config.ledger(), KubernetesCluster.configured(client), planner);
        RemediationLedger ledger = switch (choice.kind()) {
            case KUBERNETES -> new KubernetesRemediationLedger(client, namespace(client), json, clock);
            case MEMORY -> new InMemoryRemediationLedger(clock);
        };
        if (choice.volatileLive()) {
            Log.warnf(
                    "*** Remediation ledger: %s, with live actions. odpe.ledger=memory was set: a restart forgets "
                            + "every action taken, its cooldown and its fence, and replicas do not share it. "
                            + "Use it only outside a cluster for trials (docs/operations/ledger.md). ***",
                    ledger.describe());
        } else {
            Log.infof(
                    "Remediation ledger: %s%s, retention %s",
                    ledger.describe(), choice.live() ? "" : " (dry-run: nothing is committed)", config.retention());
        }
        return ledger;
    }

    private static String namespace(KubernetesClient client) {
        String namespace = client.getNamespace();
        return namespace == null || namespace.isBlank() ? "default" : namespace;
    }
}
