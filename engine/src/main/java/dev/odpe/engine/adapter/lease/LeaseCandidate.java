package dev.odpe.engine.adapter.lease;

import dev.odpe.engine.leader.LeadershipState;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import io.quarkus.logging.Log;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * One replica's part in the election on the Lease {@value #LEASE}: fabric8's {@code LeaderElector} acquires and
 * renews it every retry period and reports to a {@link LeadershipState}. On losing the lease the fence closes
 * ({@link LeadershipState#lost}), then {@code exit} ends the process: see {@link LeaseElection#halt}.
 */
final class LeaseCandidate {

    static final String LEASE = "odpe-engine-leader";

    private final KubernetesClient client;
    private final Lock lease;
    private final LeaseSettings settings;
    private final LeadershipState state;
    private final Runnable exit;
    private volatile Instant lastWritten;
    private volatile boolean stopping;
    private CompletableFuture<?> running;

    /** {@code lease}: a {@code LeaseLock} on {@value #LEASE} in the pod's namespace, with the pod name as identity. */
    LeaseCandidate(KubernetesClient client, Lock lease, LeaseSettings settings, LeadershipState state, Runnable exit) {
        this.client = client;
        this.lease = lease;
        this.settings = settings;
        this.state = state;
        this.exit = exit;
    }

    synchronized void start() {
        RenewalTrackingLock lock = new RenewalTrackingLock(lease, this::written);
        running = client.leaderElector()
                .withConfig(new LeaderElectionConfigBuilder()
                        .withName("odpe-engine")
                        .withLock(lock)
                        .withLeaseDuration(settings.leaseDuration())
                        .withRenewDeadline(settings.renewDeadline())
                        .withRetryPeriod(settings.retryPeriod())
                        // at shutdown the lease is handed back, so a follower need not wait lease-duration
                        .withReleaseOnCancel(true)
                        .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, state::leaderSeen))
                        .build())
                .build()
                .start();
        Log.infof(
                "Leader election on %s as %s (lease %s, renew deadline %s, retry every %s)",
                lease.describe(),
                lease.identity(),
                settings.leaseDuration(),
                settings.renewDeadline(),
                settings.retryPeriod());
    }

    /** Stops renewing and releases the lease (at shutdown); the state turns RELEASED, the process does not exit. */
    synchronized void stop() {
        stopping = true;
        if (running != null) {
            running.cancel(true); // fabric8 releases the lease on this thread before onStopLeading
        }
        state.released();
    }

    private void written(Instant renewTime) {
        lastWritten = renewTime;
        state.renewed(renewTime);
    }

    private void started() {
        state.acquired(lastWritten);
    }

    private void stopped() {
        if (stopping) {
            return; // released at shutdown: nothing to fence beyond what stop() did
        }
        if (state.lost()) {
            Log.errorf(
                    "Leadership: lost %s (not renewed within %s, or taken); exiting so that this replica restarts "
                            + "as a follower",
                    lease.describe(), settings.renewDeadline());
            exit.run();
        }
    }
}
