package dev.odpe.engine.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SeenAlertsTest {

    private static final Instant T0 = Instant.parse("2026-11-28T05:00:00Z");
    private static final Duration TTL = Duration.ofHours(26);

    private final MutableClock clock = new MutableClock(T0);
    private final AtomicInteger handOffs = new AtomicInteger();

    @Test
    void repeatOfAnAcceptedStateIsADuplicateAndNotHandedOffAgain() {
        // Given a state that was accepted
        SeenAlerts seen = new SeenAlerts(10, TTL, clock);
        seen.admit(List.of(key("a")), Function.identity(), accept());

        // When it arrives again
        SeenAlerts.Admission<DedupeKey> again = seen.admit(List.of(key("a"), key("b")), Function.identity(), accept());

        // Then only the new one is handed off
        assertThat(again.outcome()).isEqualTo(SeenAlerts.Outcome.ACCEPTED);
        assertThat(again.fresh()).containsExactly(key("b"));
        assertThat(again.duplicates()).containsExactly(key("a"));
        assertThat(handOffs).hasValue(2);
    }

    @Test
    void batchOfOnlyKnownStatesIsNotHandedOff() {
        SeenAlerts seen = new SeenAlerts(10, TTL, clock);
        seen.admit(List.of(key("a")), Function.identity(), accept());

        SeenAlerts.Admission<DedupeKey> again = seen.admit(List.of(key("a")), Function.identity(), accept());

        assertThat(again.outcome()).isEqualTo(SeenAlerts.Outcome.NOTHING_NEW);
        assertThat(handOffs).hasValue(1);
    }

    @Test
    void sameStateTwiceInOneBatchIsHandedOffOnce() {
        SeenAlerts seen = new SeenAlerts(10, TTL, clock);

        SeenAlerts.Admission<DedupeKey> admission =
                seen.admit(List.of(key("a"), key("a")), Function.identity(), accept());

        assertThat(admission.fresh()).containsExactly(key("a"));
        assertThat(admission.duplicates()).containsExactly(key("a"));
    }

    @Test
    void refusedBatchIsNotRememberedSoItsRetryIsFresh() {
        // Given a batch the queue refused
        SeenAlerts seen = new SeenAlerts(10, TTL, clock);
        SeenAlerts.Admission<DedupeKey> refused = seen.admit(List.of(key("a")), Function.identity(), batch -> false);

        // When it is retried
        SeenAlerts.Admission<DedupeKey> retry = seen.admit(List.of(key("a")), Function.identity(), accept());

        // Then it is accepted as fresh
        assertThat(refused.outcome()).isEqualTo(SeenAlerts.Outcome.REFUSED);
        assertThat(retry.outcome()).isEqualTo(SeenAlerts.Outcome.ACCEPTED);
        assertThat(retry.duplicates()).isEmpty();
    }

    @Test
    void stateIsForgottenOnceItsTtlHasPassed() {
        // Given a state accepted at T0
        SeenAlerts seen = new SeenAlerts(10, TTL, clock);
        seen.admit(List.of(key("a")), Function.identity(), accept());

        // When the TTL passes
        clock.set(T0.plus(TTL));

        // Then it counts as new again
        assertThat(seen.contains(key("a"))).isFalse();
        assertThat(seen.admit(List.of(key("a")), Function.identity(), accept()).outcome())
                .isEqualTo(SeenAlerts.Outcome.ACCEPTED);
    }

    @Test
    void stateIsStillKnownJustBeforeItsTtl() {
        SeenAlerts seen = new SeenAlerts(10, TTL, clock);
        seen.admit(List.of(key("a")), Function.identity(), accept());

        clock.set(T0.plus(TTL).minusSeconds(1));

        assertThat(seen.contains(key("a"))).isTrue();
    }

    @Test
    void beyondMaxEntriesTheOldestStatesAreForgottenFirst() {
        // Given a store of two entries holding a and b
        SeenAlerts seen = new SeenAlerts(2, TTL, clock);
        seen.admit(List.of(key("a")), Function.identity(), accept());
        seen.admit(List.of(key("b")), Function.identity(), accept());

        // When c is accepted
        seen.admit(List.of(key("c")), Function.identity(), accept());

        // Then a is forgotten, b and c are kept
        assertThat(seen.size()).isEqualTo(2);
        assertThat(seen.contains(key("a"))).isFalse();
        assertThat(seen.contains(key("b"))).isTrue();
        assertThat(seen.contains(key("c"))).isTrue();
    }

    @Test
    void aStateRepeatedEveryFourHoursIsRefreshedHourlyAtMostAndNeverLooksNewAgain() {
        // Given a firing state that was accepted at T0 (refresh at most every hour)
        SeenAlerts seen = new SeenAlerts(10, TTL, Duration.ofHours(1), clock);
        seen.admit(List.of(key("a")), Function.identity(), accept());

        // When it is repeated 30 minutes later, and then every 4 hours up to 30 hours after T0
        List<SeenAlerts.Admission<DedupeKey>> repeats = new java.util.ArrayList<>();
        clock.set(T0.plus(Duration.ofMinutes(30)));
        repeats.add(seen.admit(List.of(key("a")), Function.identity(), k -> true, (f, r) -> true));
        for (int hours = 4; hours <= 30; hours += 4) {
            clock.set(T0.plus(Duration.ofHours(hours)));
            repeats.add(seen.admit(List.of(key("a")), Function.identity(), k -> true, (f, r) -> true));
        }

        // Then it is never fresh: not refreshed within the hour, refreshed on every later repeat
        assertThat(repeats).allSatisfy(r -> assertThat(r.fresh()).isEmpty());
        assertThat(repeats.get(0).refreshed()).isEmpty();
        assertThat(repeats.subList(1, repeats.size()))
                .allSatisfy(r -> assertThat(r.refreshed()).containsExactly(key("a")));
    }

    @Test
    void nonsensicalBoundsAreRefused() {
        assertThatThrownBy(() -> new SeenAlerts(0, TTL, clock)).hasMessageContaining("max-entries");
        assertThatThrownBy(() -> new SeenAlerts(1, Duration.ZERO, clock)).hasMessageContaining("ttl");
    }

    private java.util.function.Predicate<List<DedupeKey>> accept() {
        return batch -> {
            handOffs.incrementAndGet();
            return true;
        };
    }

    private static DedupeKey key(String fingerprint) {
        return new DedupeKey(fingerprint, T0, "firing");
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
