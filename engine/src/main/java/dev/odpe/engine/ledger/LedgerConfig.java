package dev.odpe.engine.ledger;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * Where live actions are committed. The prefix is {@code odpe} (not {@code odpe.ledger}) because the
 * choice itself is the key {@code odpe.ledger}, and its settings sit below it.
 */
@ConfigMapping(prefix = "odpe")
public interface LedgerConfig {

    /** The ledger implementation. */
    enum Kind {
        /** {@code Remediation} custom resources: durable, shared by replicas. */
        KUBERNETES,
        /** This process's memory: lost on restart. */
        MEMORY
    }

    /**
     * {@code kubernetes} or {@code memory}. Unset: kubernetes when a cluster is configured (in-cluster
     * account, kubeconfig or explicit API URL), else memory, which live actions refuse at start-up.
     */
    @WithName("ledger")
    Optional<Kind> ledger();

    /** Finished remediations (not Pending/InProgress) whose status last changed longer ago are deleted. */
    @WithName("ledger.retention")
    @WithDefault("7d")
    Duration retention();
}
