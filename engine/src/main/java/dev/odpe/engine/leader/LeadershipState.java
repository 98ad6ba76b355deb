package dev.odpe.engine.leader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one {@link Leadership}: a sole leader ({@link #sole}), or a replica whose role the Lease election drives
 * ({@link #elected}: {@link #acquired}, {@link #renewed}, {@link #leaderSeen}, {@link #lost}, {@link #released}).
 * Logs every change of role and keeps the {@code odpe_leader} gauge (1 while the lease is held, else 0).
 *
 * <p>Taking over runs on its own thread, never on the election's: a listener that reads Kafka or Alertmanager for
 * seconds must not keep the lease from being renewed.
 */
public final class LeadershipState implements Leadership {

    private final String identity;
    /** Empty for the sole leader: its fence never closes. */
    private final Optional<Duration> renewDeadline;

    private final Clock clock;
    private final Runnable announce;
    private final List<Runnable> gained = new ArrayList<>();
    private final List<Runnable> lostListeners = new ArrayList<>();
    /** Null for the sole leader: its listeners run on the caller's thread. */
    private final ExecutorService takeover;

    private volatile Role role;
    private volatile Instant renewedAt;
    private volatile String leader;

    private LeadershipState(
            Role role,
            String identity,
            Optional<Duration> renewDeadline,
            Clock clock,
            MeterRegistry meters,
            Runnable announce) {
        this.role = role;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.renewDeadline = renewDeadline;
        this.clock = clock;
        this.announce = announce;
        this.leader = role == Role.SOLE ? identity : null;
        this.takeover = role == Role.SOLE
                ? null
                : Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "odpe-leadership");
                    t.setDaemon(true);
                    return t;
                });
        Gauge.builder("odpe.leader", this, s -> s.role.holding() ? 1 : 0)
                .description("1 while this replica holds the leader lease (or leads alone), else 0")
                .register(meters);
        Log.infof("Leadership: %s as %s", roleName(role), identity);
    }

    /** This process leads alone, from the start and for good: no cluster, or leader election turned off. */
    public static LeadershipState sole(String identity, Clock clock, MeterRegistry meters) {
        return new LeadershipState(Role.SOLE, identity, Optional.empty(), clock, meters, () -> {});
    }

    /**
     * A follower until the election says otherwise.
     *
     * @param renewDeadline how long after a renewal the fence stays open without another one
     * @param announce      run on the leadership thread once this replica leads (labels the pod for the ingest Service)
     */
    public static LeadershipState elected(
            String identity, Duration renewDeadline, Clock clock, MeterRegistry meters, Runnable announce) {
        return new LeadershipState(Role.FOLLOWER, identity, Optional.of(renewDeadline), clock, meters, announce);
    }

    @Override
    public boolean isLeader() {
        Role r = role;
        return (r == Role.SOLE || r == Role.LEADER) && holdsLease();
    }

    @Override
    public boolean holdsLease() {
        Role r = role;
        if (r == Role.SOLE) {
            return true;
        }
        if (r != Role.TAKING_OVER && r != Role.LEADER) {
            return false;
        }
        Instant renewed = renewedAt;
        return renewed != null && clock.instant().isBefore(renewed.plus(renewDeadline.orElseThrow()));
    }

    @Override
    public void whenGained(Runnable listener) {
        Objects.requireNonNull(listener, "listener");
        boolean runNow;
        synchronized (this) {
            gained.add(listener);
            runNow = role == Role.SOLE || role == Role.TAKING_OVER || role == Role.LEADER;
        }
        if (!runNow) {
            return; // runs when the lease is gained
        }
        if (takeover == null) {
            runSafely(listener, "gaining the lease");
        } else {
            submit(() -> runSafely(listener, "gaining the lease"));
        }
    }

    @Override
    public synchronized void whenLost(Runnable listener) {
        lostListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public Status status() {
        return new Status(role, identity, Optional.ofNullable(leader));
    }

    /** The election created or took over the lease at {@code renewTime}: take over, then lead. */
    public void acquired(Instant renewTime) {
        List<Runnable> listeners;
        synchronized (this) {
            if (role != Role.FOLLOWER) {
                return;
            }
            renewedAt = renewTime;
            leader = identity;
            change(Role.TAKING_OVER);
            listeners = List.copyOf(gained);
        }
        submit(() -> takeOver(listeners));
    }

    /** A renewal of the lease this replica holds succeeded; the fence stays open until {@code renewTime + deadline}. */
    public void renewed(Instant renewTime) {
        renewedAt = renewTime;
    }

    /** The election saw a new holder (or none: null). */
    public void leaderSeen(String holder) {
        String previous = leader;
        leader = holder;
        if (!Objects.equals(previous, holder)) {
            Log.infof(
                    "Leadership: the lease is held by %s (this replica: %s, %s)",
                    holder == null || holder.isEmpty() ? "nobody" : holder, identity, roleName(role));
        }
    }

    /**
     * The lease this replica held is lost (not renewed within the deadline, or taken): the fence closes at once,
     * then the loss listeners run. The caller exits the process after. False if it held nothing.
     */
    public boolean lost() {
        List<Runnable> listeners;
        synchronized (this) {
            if (role != Role.TAKING_OVER && role != Role.LEADER) {
                return false;
            }
            change(Role.LOST);
            listeners = List.copyOf(lostListeners);
        }
        listeners.forEach(l -> runSafely(l, "losing the lease"));
        return true;
    }

    /** The lease is released at shutdown; nothing more is done as leader. */
    public void released() {
        synchronized (this) {
            if (role == Role.TAKING_OVER || role == Role.LEADER) {
                change(Role.RELEASED);
            }
        }
        if (takeover != null) {
            takeover.shutdownNow();
        }
    }

    private void takeOver(List<Runnable> listeners) {
        Instant start = clock.instant();
        listeners.forEach(l -> runSafely(l, "gaining the lease"));
        synchronized (this) {
            if (role != Role.TAKING_OVER) {
                return; // lost while taking over
            }
            change(Role.LEADER);
        }
        Log.infof("Leadership: took over in %s", Duration.between(start, clock.instant()));
        runSafely(announce, "announcing the leader");
    }

    private void submit(Runnable task) {
        try {
            takeover.execute(task);
        } catch (RejectedExecutionException e) {
            Log.debugf("Leadership: shutting down, not running %s", task);
        }
    }

    /** Callers hold the lock. */
    private void change(Role to) {
        Role from = role;
        role = to;
        Log.infof("Leadership: %s → %s (identity %s)", roleName(from), roleName(to), identity);
    }

    private static void runSafely(Runnable listener, String when) {
        try {
            listener.run();
        } catch (RuntimeException e) {
            Log.errorf(e, "Leadership: a listener failed on %s; carrying on", when);
        }
    }

    private static String roleName(Role role) {
        return new Status(role, "", Optional.empty()).roleName();
    }
}
