package dev.odpe.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ExpiringLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    @Test
    void entryOlderThanTtlIsForgotten() {
        // Given a key recorded at T0 with a one-hour ttl
        ExpiringLedger ledger = new ExpiringLedger(Duration.ofHours(1), 10);
        ledger.record("k", T0);
        // When asked an hour and a second later
        var seen = ledger.lastRecorded("k", T0.plus(Duration.ofHours(1)).plusSeconds(1));
        // Then the key is gone, and so is its memory
        assertThat(seen).isEmpty();
        assertThat(ledger.size()).isZero();
    }

    @Test
    void ledgerForgetsOldestKeyBeyondItsBound() {
        // Given a ledger bounded to two keys holding a and b
        ExpiringLedger ledger = new ExpiringLedger(Duration.ofHours(1), 2);
        ledger.record("a", T0);
        ledger.record("b", T0.plusSeconds(1));
        // When a third key is recorded
        ledger.record("c", T0.plusSeconds(2));
        // Then the oldest one is forgotten
        assertThat(ledger.lastRecorded("a", T0.plusSeconds(3))).isEmpty();
        assertThat(ledger.lastRecorded("b", T0.plusSeconds(3))).contains(T0.plusSeconds(1));
        assertThat(ledger.size()).isEqualTo(2);
    }

    @Test
    void reRecordingAKeyMovesItToTheNewEnd() {
        // Given a and b, bounded to two, with a recorded again later
        ExpiringLedger ledger = new ExpiringLedger(Duration.ofHours(1), 2);
        ledger.record("a", T0);
        ledger.record("b", T0.plusSeconds(1));
        ledger.record("a", T0.plusSeconds(2));
        // When c arrives
        ledger.record("c", T0.plusSeconds(3));
        // Then b, now the oldest, is the one forgotten
        assertThat(ledger.lastRecorded("b", T0.plusSeconds(4))).isEmpty();
        assertThat(ledger.lastRecorded("a", T0.plusSeconds(4))).contains(T0.plusSeconds(2));
    }
}
