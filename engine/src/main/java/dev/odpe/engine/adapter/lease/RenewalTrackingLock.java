package dev.odpe.engine.adapter.lease;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The Lease lock, telling when a write of this replica's own record succeeded. fabric8's callbacks say when leading
 * starts and stops, not when a renewal went through; the fence needs the latter: it stays open only until the last
 * successful renewal plus the renew deadline. The time passed on is the record's {@code renewTime}, taken by the
 * elector before it read the lease, so the fence errs on the early side.
 */
final class RenewalTrackingLock implements Lock {

    private final Lock lease;
    private final Consumer<Instant> written;

    RenewalTrackingLock(Lock lease, Consumer<Instant> written) {
        this.lease = lease;
        this.written = written;
    }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        return lease.get(client);
    }

    @Override
    public void create(KubernetesClient client, LeaderElectionRecord record) {
        lease.create(client, record);
        report(record);
    }

    @Override
    public void update(KubernetesClient client, LeaderElectionRecord record) {
        lease.update(client, record);
        report(record);
    }

    @Override
    public String identity() {
        return lease.identity();
    }

    @Override
    public String describe() {
        return lease.describe();
    }

    private void report(LeaderElectionRecord record) {
        if (Objects.equals(record.getHolderIdentity(), identity()) && record.getRenewTime() != null) {
            written.accept(record.getRenewTime().toInstant());
        }
    }
}
