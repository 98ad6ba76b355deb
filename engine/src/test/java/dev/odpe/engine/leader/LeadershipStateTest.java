package dev.odpe.engine.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The role, the fence and the listeners, driven by hand the way the Lease election drives them. */
class LeadershipStateTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void theFenceClosesWhenTheRenewDeadlinePassesEvenBeforeTheElectionReportsTheLoss() {
        // Given a replica that acquired the lease at T0
        LeadershipState state = LeadershipState.elected("engine-a", RENEW_DEADLINE, clock, meters, () -> {});
        state.acquired(T0);

        // When the renew deadline passes without a renewal, and nothing else happens
        clock.advance(RENEW_DEADLINE);

        // Then the fence is closed: no actuator may be called any more
        assertThat(state.holdsLease()).isFalse();
        assertThat(state.isLeader()).isFalse();
    }

    @Test
    void aRenewalKeepsTheFenceOpenForAnotherDeadline() {
        // Given a replica that acquired the lease at T0
        LeadershipState state = LeadershipState.elected("engine-a", RENEW_DEADLINE, clock, meters, () -> {});
        state.acquired(T0);

        // When it renews 9 s later and another 9 s pass
        clock.advance(Duration.ofSeconds(9));
        state.renewed(clock.instant());
        clock.advance(Duration.ofSeconds(9));

        // Then the fence is still open
        assertThat(state.holdsLease()).isTrue();
    }

    @Test
    void aReplicaTakesWebhooksOnlyOnceEveryGainListenerRanInOrderAndThenAnnouncesItself() throws Exception {
        // Given a follower with two gain listeners, the first held back until released
        List<String> calls = new CopyOnWriteArrayList<>();
        CountDownLatch release = new CountDownLatch(1);
        LeadershipState state =
                LeadershipState.elected("engine-a", RENEW_DEADLINE, clock, meters, () -> calls.add("announce"));
        state.whenGained(() -> {
            calls.add("restore");
            awaitQuietly(release);
        });
        state.whenGained(() -> calls.add("resync"));

        // When it acquires the lease
        state.acquired(T0);

        // Then it holds the lease and is taking over, but does not lead yet
        await().until(() -> calls.contains("restore"));
        assertThat(state.holdsLease()).isTrue();
        assertThat(state.isLeader()).isFalse();
        assertThat(state.status().role()).isEqualTo(Leadership.Role.TAKING_OVER);

        // and once the listeners returned, it leads and announced itself, in that order
        release.countDown();
        await().until(state::isLeader);
        await().until(() -> calls.contains("announce"));
        assertThat(calls).containsExactly("restore", "resync", "announce");
        assertThat(meters.get("odpe.leader").gauge().value()).isEqualTo(1.0);
    }

    @Test
    void losingTheLeaseClosesTheFenceBeforeTheLossListenersRun() {
        // Given a leader with a loss listener that looks at the fence
        LeadershipState state = LeadershipState.elected("engine-a", RENEW_DEADLINE, clock, meters, () -> {});
        List<Boolean> fenceSeenByListener = new CopyOnWriteArrayList<>();
        state.whenLost(() -> fenceSeenByListener.add(state.holdsLease()));
        state.acquired(T0);
        await().until(state::isLeader);

        // When the election reports the lease lost
        boolean held = state.lost();

        // Then the listener ran with the fence already closed, and the gauge reads 0
        assertThat(held).isTrue();
        assertThat(fenceSeenByListener).containsExactly(false);
        assertThat(state.status().role()).isEqualTo(Leadership.Role.LOST);
        assertThat(meters.get("odpe.leader").gauge().value()).isZero();
    }

    @Test
    void theSoleLeaderLeadsFromTheStartAndRunsGainListenersAtOnceOnTheCallersThread() {
        // Given the sole leader (no cluster)
        LeadershipState state = LeadershipState.sole("engine", clock, meters);
        List<Thread> ranOn = new CopyOnWriteArrayList<>();

        // When a start-up observer registers a gain listener
        state.whenGained(() -> ranOn.add(Thread.currentThread()));

        // Then it ran at once, on this thread, and the fence never closes with time
        assertThat(ranOn).containsExactly(Thread.currentThread());
        clock.advance(Duration.ofDays(1));
        assertThat(state.isLeader()).isTrue();
        assertThat(state.holdsLease()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
