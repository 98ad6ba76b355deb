package dev.odpe.scaler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PendingReplicaGuardTest {

    @Test
    void whileAScaleUpIsNotReadyTheAnswerIsHeldAtWhatWasAlreadyAskedFor() {
        // Given 4 replicas asked for and only 2 ready (models still loading)
        Optional<TargetStatus> status = Optional.of(new TargetStatus(4, 2));
        // When the overloaded ready pods make the signals ask for 7
        int answer = PendingReplicaGuard.apply(7, 0, status);
        // Then the scaler keeps asking for 4
        assertThat(answer).isEqualTo(4);
    }

    @Test
    void onceAllReplicasAreReadyTheSignalsAreFollowedAgain() {
        assertThat(PendingReplicaGuard.apply(7, 0, Optional.of(new TargetStatus(4, 4))))
                .isEqualTo(7);
    }

    @Test
    void scalingDownIsNeverHeld() {
        // Given a pending scale-up to 4, when demand drops to 2, then 2 is answered
        assertThat(PendingReplicaGuard.apply(2, 0, Optional.of(new TargetStatus(4, 1))))
                .isEqualTo(2);
    }

    @Test
    void intentOnlyDemandPassesTheGuardBecauseItCannotCascade() {
        // Given 1 replica asked for, none ready, and a rule boost that wants min 0 + 3
        Optional<TargetStatus> status = Optional.of(new TargetStatus(1, 0));
        // When signals plus boost ask for 5
        int answer = PendingReplicaGuard.apply(5, 3, status);
        // Then the boost's 3 is allowed, but not the signal pressure on top
        assertThat(answer).isEqualTo(3);
    }

    @Test
    void withoutAKnownStatusTheGuardIsOff() {
        assertThat(PendingReplicaGuard.apply(9, 0, Optional.empty())).isEqualTo(9);
    }
}
