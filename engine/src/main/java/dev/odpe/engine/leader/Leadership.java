package dev.odpe.engine.leader;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether this replica is the one that evaluates and acts. Several engine replicas run at once (the k8s base runs
 * two); one holds the Lease {@code odpe-engine-leader} and takes webhooks, drift events, the Alertmanager resync and
 * the actuators; the others answer KEDA from the shared pool intents and wait. Outside a cluster, or with
 * {@code odpe.leader-election.enabled=false}, the one process is the sole leader from the start.
 *
 * <p>A replica gains the lease at most once per process: one that loses it exits and restarts as a follower (see
 * docs/operations/high-availability.md), so every listener runs at most once.
 */
public interface Leadership {

    /**
     * True while this replica leads: it holds the lease, has finished taking over (every {@link #whenGained}
     * listener returned) and renewed the lease in time. Ingest answers 503 to webhooks and drift events otherwise.
     */
    boolean isLeader();

    /**
     * The fence, checked right before every actuator call: true only while this replica holds the lease and renewed
     * it within the renew deadline (so no other replica can have taken it over yet). Also true while taking over.
     */
    boolean holdsLease();

    /**
     * Runs {@code listener} when this replica gains the lease, before it takes webhooks: listeners run one after the
     * other in registration order, on one leadership thread, and {@link #isLeader()} turns true after the last one
     * returned (a listener that throws is logged and skipped). Registered while already leading: runs at once (on
     * the caller's thread for the sole leader, which is why start-up observers keep their order there).
     */
    void whenGained(Runnable listener);

    /**
     * Runs {@code listener} when this replica loses the lease it held, after the fence closed and before the process
     * exits. Not run when the lease is released at shutdown. Must return quickly.
     */
    void whenLost(Runnable listener);

    /** The role, this replica's identity and the lease holder last seen, for health data, logs and 503 bodies. */
    Status status();

    /** Where a replica stands. */
    enum Role {
        /** No election (no cluster, or {@code odpe.leader-election.enabled=false}): this process leads alone. */
        SOLE,
        /** Another replica holds the lease, or nobody yet; this one answers KEDA and waits. */
        FOLLOWER,
        /** Holds the lease and runs the {@link #whenGained} listeners; the fence is open, webhooks still get 503. */
        TAKING_OVER,
        /** Holds the lease and took over: takes webhooks, drift events, resyncs and acts. */
        LEADER,
        /** Held the lease and lost it: acts no more, exits. */
        LOST,
        /** Released the lease at shutdown. */
        RELEASED;

        /** Whether the role holds the lease at all (the {@code odpe_leader} gauge). */
        public boolean holding() {
            return this == SOLE || this == TAKING_OVER || this == LEADER;
        }
    }

    /**
     * @param role     where this replica stands
     * @param identity this replica's identity in the lease (its pod name)
     * @param leader   the lease holder last seen; empty while nobody holds it (or none was seen yet)
     */
    record Status(Role role, String identity, Optional<String> leader) {

        /** The lowercase name used in logs, health data and 503 bodies, e.g. {@code taking-over}. */
        public String roleName() {
            return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
