package dev.odpe.engine.evaluate.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.decision.AlertProvenance;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import dev.odpe.rules.journal.InputRecord;
import dev.odpe.rules.journal.JournalJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InputJournalTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final List<String> published = new CopyOnWriteArrayList<>();
    private final CountDownLatch writerStuck = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private InputJournal journal;

    @AfterEach
    void stop() {
        release.countDown();
        if (journal != null) {
            journal.drain();
        }
    }

    @Test
    void changesAreWrittenInOrderWithTheirClockStepAndTheAlertAsReceived() {
        // Given a journal
        journal = journal(100, line -> published.add(line));

        // When a step fires one alert (received with labels, annotations and endsAt) and resolves another
        journal.changes(
                7,
                T0,
                "alertmanager",
                false,
                false,
                List.of(new AlertChange.Fired(latency("a1")), new AlertChange.Resolved("a0", T0.minusSeconds(60))),
                List.of(
                        new AlertProvenance(Map.of("signal", "latency", "pool", "p1"), Map.of("summary", "slow"), null),
                        new AlertProvenance(Map.of("signal", "latency"), Map.of(), T0)));

        // Then two records of step 7 at T0 follow, in order, the first with the alert's labels and annotations
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
        InputRecord fired = read(published.get(0));
        InputRecord resolved = read(published.get(1));
        assertThat(fired.kind()).isEqualTo(InputRecord.Kind.FIRED);
        assertThat(fired.step()).isEqualTo(7);
        assertThat(fired.clock()).isEqualTo(T0);
        assertThat(fired.alert().toSignal()).isEqualTo(latency("a1"));
        assertThat(fired.labels()).containsEntry("pool", "p1");
        assertThat(fired.annotations()).containsEntry("summary", "slow");
        assertThat(resolved.kind()).isEqualTo(InputRecord.Kind.RESOLVED);
        assertThat(resolved.fingerprint()).isEqualTo("a0");
        assertThat(resolved.endsAt()).isEqualTo(T0);
        assertThat(resolved.seq()).isEqualTo(fired.seq() + 1);
        assertThat(published.get(0)).doesNotContain("\"replayed\"", "\"reconciled\"");
    }

    @Test
    void aFullQueueDropsRecordsWithoutWaitingAndAGapRecordCountsThem() throws Exception {
        // Given a journal with room for one waiting record, whose writer is stuck publishing the first
        journal = journal(1, line -> {
            writerStuck.countDown();
            awaitRelease();
            published.add(line);
        });
        journal.changes(1, T0, "alertmanager", false, false, List.of(fire("r1")), List.of());
        writerStuck.await();

        // When the evaluation thread records three more changes while the writer is stuck
        Thread evaluation = new Thread(() -> {
            for (int i = 2; i <= 4; i++) {
                journal.changes(i, T0, "alertmanager", false, false, List.of(fire("r" + i)), List.of());
            }
        });
        evaluation.start();

        // Then it is not held up: one record waits, two are dropped and counted
        await().atMost(Duration.ofSeconds(5)).until(() -> !evaluation.isAlive());
        assertThat(meters.counter("odpe.journal.records.dropped").count()).isEqualTo(2);

        // ... and once the writer moves on, the next record is preceded by a gap record naming the two
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 2);
        journal.changes(5, T0, "alertmanager", false, false, List.of(fire("r5")), List.of());
        await().atMost(Duration.ofSeconds(5)).until(() -> published.size() == 4);
        List<InputRecord> records =
                published.stream().map(InputJournalTest::read).toList();
        assertThat(records)
                .extracting(InputRecord::kind)
                .containsExactly(
                        InputRecord.Kind.FIRED, InputRecord.Kind.FIRED, InputRecord.Kind.GAP, InputRecord.Kind.FIRED);
        assertThat(records.get(2).dropped()).isEqualTo(2);
        assertThat(records.get(3).fingerprint()).isEqualTo("r5");
    }

    private InputJournal journal(int capacity, JournalStream stream) {
        return new InputJournal(
                ConfigStub.of(JournalConfig.class, Map.of("enabled", true, "queueCapacity", capacity)), stream, meters);
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static AlertChange fire(String fingerprint) {
        return new AlertChange.Fired(latency(fingerprint));
    }

    private static AlertSignal latency(String fingerprint) {
        return new AlertSignal(fingerprint, "Latency", Signal.LATENCY, "ml", "p1", null, null, "page", T0);
    }

    private static InputRecord read(String line) {
        try {
            return JournalJson.mapper().readValue(line, InputRecord.class);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
