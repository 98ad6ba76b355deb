package dev.odpe.engine.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class UnacknowledgedRecordsTest {

    @Test
    void belowTheLimitARecordMayBeReadAtOnce() {
        // Given a limit of 2 with one record out
        UnacknowledgedRecords records = new UnacknowledgedRecords(2);
        records.acquire();

        // When the next record asks
        CompletionStage<Void> permit = records.acquire();

        // Then it may go at once
        assertThat(permit.toCompletableFuture()).isDone();
        assertThat(records.count()).isEqualTo(2);
    }

    @Test
    void atTheLimitTheNextRecordWaitsUntilOneSettles() {
        // Given a limit of 1 with one record out and the next one waiting
        UnacknowledgedRecords records = new UnacknowledgedRecords(1);
        records.acquire();
        CompletionStage<Void> waiting = records.acquire();
        assertThat(waiting.toCompletableFuture()).isNotDone();
        assertThat(records.isFull()).isTrue();

        // When the first record settles
        records.release();

        // Then the waiting record goes, and takes the freed place
        assertThat(waiting.toCompletableFuture()).isCompleted();
        assertThat(records.count()).isEqualTo(1);
    }

    @Test
    void aWaiterIsWokenOnlyOnceAndWaitsAgainWhileStillFull() {
        // Given a limit of 1, one record out, one waiter woken and out, and a third record waiting
        UnacknowledgedRecords records = new UnacknowledgedRecords(1);
        records.acquire();
        CompletionStage<Void> second = records.acquire();
        records.release();
        CompletionStage<Void> third = records.acquire();

        // When nothing settles meanwhile
        // Then the third waits while the second is out
        assertThat(second.toCompletableFuture()).isCompleted();
        assertThat(third.toCompletableFuture()).isNotDone();
    }

    @Test
    void awaitingNoneReturnsOnceTheLastRecordSettlesAndGivesUpAfterTheTimeout() throws Exception {
        // Given two records out
        UnacknowledgedRecords records = new UnacknowledgedRecords(5);
        records.acquire();
        records.acquire();
        assertThat(records.awaitNone(java.time.Duration.ofMillis(10))).isFalse();

        // When both settle
        records.release();
        records.release();

        // Then nothing is left to wait for
        assertThat(records.awaitNone(java.time.Duration.ZERO)).isTrue();
    }

    @Test
    void aReleaseWithoutAcquireIsABug() {
        // Given nothing out
        UnacknowledgedRecords records = new UnacknowledgedRecords(3);

        // When a record is released anyway
        // Then it fails loudly instead of letting the count drift
        assertThatThrownBy(records::release).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        // When the limit is 0
        // Then construction fails with the value in the message
        assertThatThrownBy(() -> new UnacknowledgedRecords(0)).hasMessageContaining("got 0");
    }
}
