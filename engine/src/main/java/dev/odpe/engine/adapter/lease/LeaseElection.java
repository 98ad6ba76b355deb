package dev.odpe.engine.adapter.lease;

import dev.odpe.engine.config.KubernetesCluster;
import dev.odpe.engine.leader.Leadership;
import dev.odpe.engine.leader.LeadershipState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;

/**
 * Produces the engine's {@link Leadership}: the sole leader when no cluster is configured or
 * {@code odpe.leader-election.enabled=false}, otherwise a follower that campaigns for the Lease
 * {@value LeaseCandidate#LEASE} once every start-up observer has registered its listeners, labels its pod when it
 * leads, and hands the lease back at shutdown after evaluation and Kafka drained.
 */
@ApplicationScoped
public class LeaseElection {

    /** After every other start-up observer (the Kafka consumer starts at 3000): all listeners are registered. */
    private static final int AFTER_STARTUP_OBSERVERS = 5000;
    /** After the evaluation loop (2500) and the Kafka consumer (3000) drained: release the lease last. */
    private static final int AFTER_DRAIN = 4000;
    /** Exit status of a replica that lost the lease (the pod's last state shows it). */
    static final int LOST_LEASE_EXIT = 1;

    private final LeadershipState state;
    private final LeaseCandidate candidate;
    private final LeaderPodLabel label;
    private final Duration retryPeriod;

    public LeaseElection(LeaseConfig config, KubernetesClient client, Clock clock, MeterRegistry meters) {
        LeaseSettings settings = LeaseSettings.of(config);
        String identity = identity();
        this.retryPeriod = settings.retryPeriod();
        if (!config.enabled().orElseGet(() -> KubernetesCluster.configured(client))) {
            this.state = LeadershipState.sole(identity, clock, meters);
            this.candidate = null;
            this.label = null;
            return;
        }
        String namespace = client.getNamespace() == null ? "default" : client.getNamespace();
        this.label = new LeaderPodLabel(client, namespace, identity);
        this.state = LeadershipState.elected(identity, settings.renewDeadline(), clock, meters, this::labelOwnPod);
        this.candidate = new LeaseCandidate(
                client, new LeaseLock(namespace, LeaseCandidate.LEASE, identity), settings, state, LeaseElection::halt);
    }

    @Produces
    @Singleton
    @Typed(Leadership.class)
    Leadership leadership() {
        return state;
    }

    void start(@Observes @Priority(AFTER_STARTUP_OBSERVERS) StartupEvent event) {
        if (candidate == null) {
            Log.info("Leadership: no leader election (no cluster, or odpe.leader-election.enabled=false); this "
                    + "process leads alone: run one replica");
            return;
        }
        try {
            label.release();
        } catch (KubernetesClientException e) {
            Log.warnf("Leadership: could not check this pod's leader label (%s)", e.getMessage());
        }
        candidate.start();
    }

    void stop(@Observes @Priority(AFTER_DRAIN) ShutdownEvent event) {
        if (candidate != null) {
            candidate.stop();
        }
    }

    /** On the leadership thread once this replica leads: retried every retry period while it still leads. */
    private void labelOwnPod() {
        while (state.isLeader()) {
            try {
                label.claim();
                return; // labelled, or there is no pod to label
            } catch (KubernetesClientException e) {
                Log.warnf(
                        "Leadership: labelling this pod as the leader failed (%s); trying again in %s",
                        e.getMessage(), retryPeriod);
            }
            try {
                Thread.sleep(retryPeriod.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A replica that lost the lease stops at once, as controller-runtime's managers do: another replica may already
     * lead, so anything this process still did (drain its queue into fenced decisions, commit Kafka offsets for
     * events it never acted on, release a lease it no longer holds) could only conflict with the new leader, and its
     * in-memory state (working memory, cooldowns, watches) is no longer the truth. Halting skips the graceful
     * shutdown on purpose; Kubernetes restarts the container, which joins as a follower with clean state. What was
     * in flight is healed by the new leader: its Alertmanager resync, the Kafka records not committed.
     */
    static void halt() {
        Runtime.getRuntime().halt(LOST_LEASE_EXIT);
    }

    /** The pod's name (downward API {@code POD_NAME}, else {@code HOSTNAME}, which Kubernetes sets to it). */
    private static String identity() {
        for (String variable : new String[] {"POD_NAME", "HOSTNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return "odpe-engine-" + ProcessHandle.current().pid();
    }
}
