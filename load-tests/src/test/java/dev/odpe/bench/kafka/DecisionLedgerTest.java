package dev.odpe.bench.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DecisionLedgerTest {

    @Test
    void latencyIsFromDueTimeToTheDecisionRecord() {
        DecisionLedger ledger = new DecisionLedger(100, 3);
        ledger.sent(100, 1_000);
        ledger.sent(101, 1_010);
        ledger.sent(102, 1_020);

        ledger.decided(100, 1_004);
        ledger.decided(101, 1_030);
        ledger.decided(102, 1_021);

        assertThat(ledger.latencyMillis().getTotalCount()).isEqualTo(3);
        assertThat(ledger.latencyMillis().getMaxValue()).isEqualTo(20);
        assertThat(ledger.latencyMillis().getMinValue()).isEqualTo(1);
        assertThat(ledger.firstDecisionMillis()).isEqualTo(1_004);
        assertThat(ledger.lastDecisionMillis()).isEqualTo(1_030);
        assertThat(ledger.missing()).isZero();
        assertThat(ledger.complete()).isTrue();
    }

    @Test
    void anEventProducedWithoutADecisionIsMissing() {
        DecisionLedger ledger = new DecisionLedger(0, 3);
        ledger.sent(0, 1_000);
        ledger.sent(1, 1_000);
        ledger.sent(2, 1_000);
        ledger.decided(1, 1_005);

        assertThat(ledger.produced()).isEqualTo(3);
        assertThat(ledger.decidedCount()).isEqualTo(1);
        assertThat(ledger.missing()).isEqualTo(2);
        assertThat(ledger.complete()).isFalse();
    }

    @Test
    void anEventTheProducerFailedToWriteIsNotExpectedToBeDecided() {
        DecisionLedger ledger = new DecisionLedger(0, 2);
        ledger.sent(0, 1_000);
        ledger.sent(1, 1_000);
        ledger.failed(1);
        ledger.decided(0, 1_002);

        assertThat(ledger.produced()).isEqualTo(1);
        assertThat(ledger.failedCount()).isEqualTo(1);
        assertThat(ledger.missing()).isZero();
    }

    @Test
    void aSecondDecisionForOneEventIsADuplicateAndNotASecondLatency() {
        DecisionLedger ledger = new DecisionLedger(0, 1);
        ledger.sent(0, 1_000);
        ledger.decided(0, 1_003);
        ledger.decided(0, 9_000);

        assertThat(ledger.decidedCount()).isEqualTo(1);
        assertThat(ledger.duplicates()).isEqualTo(1);
        assertThat(ledger.latencyMillis().getTotalCount()).isEqualTo(1);
        assertThat(ledger.lastDecisionMillis()).isEqualTo(1_003);
    }

    @Test
    void eventsOfAnotherBlockAreNotClaimed() {
        DecisionLedger warmUp = new DecisionLedger(0, 10);
        DecisionLedger measured = new DecisionLedger(10, 5);

        assertThat(warmUp.decided(10, 1)).isFalse();
        assertThat(measured.decided(10, 1)).isTrue();
        assertThat(measured.owns(14)).isTrue();
        assertThat(measured.owns(15)).isFalse();
        assertThatThrownBy(() -> measured.sent(15, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDecisionStampedBeforeItsDueTimeCountsAsZeroNotNegative() {
        DecisionLedger ledger = new DecisionLedger(0, 1);
        ledger.sent(0, 1_000);
        ledger.decided(0, 999); // clocks of one machine, millisecond timestamps: can round below

        assertThat(ledger.latencyMillis().getMaxValue()).isZero();
    }
}
