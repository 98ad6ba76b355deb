package dev.odpe.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BoundedEvaluationQueueTest {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final BoundedEvaluationQueue queue = queue(100, 5);

    @Test
    void newFiringAlertsBeyondMaxAlertsAreRefusedNamingTheKey() {
        // Given a session holding 4 firing alerts, max-alerts 5
        queue.open();
        queue.settled(null, 4);
        // When a batch with one new firing alert comes, it is accepted (5 of 5)
        assertThat(queue.offer(batch(fired("a")))).isTrue();
        // Then the next new firing alert is refused, with a reason naming the bound
        assertThat(queue.offer(batch(fired("b")))).isFalse();
        assertThat(queue.refusalReason())
                .contains("odpe.evaluation.max-alerts is 5")
                .contains("resolves");
        assertThat(meters.counter("odpe.evaluation.refused", "reason", "max-alerts")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void resolvesAreAlwaysAdmittedAndFreeRoomOnceEvaluated() {
        queue.open();
        queue.settled(null, 5);
        assertThat(queue.offer(batch(fired("x")))).isFalse();
        // Resolves (alone, or outnumbering firings in a group) are admitted at the bound
        IngestBatch resolves = batch(resolved("a"), resolved("b"));
        assertThat(queue.offer(resolves)).isTrue();
        assertThat(queue.offer(batch(resolved("c"), resolved("d"), fired("y")))).isTrue();
        // Once the evaluation thread evaluated them and the session holds fewer alerts, firings are admitted again
        queue.settled(resolves, 3);
        assertThat(queue.offer(batch(fired("z")))).isTrue();
    }

    @Test
    void batchesWaitingForEvaluationCountAgainstTheBound() {
        // Given an empty session, max-alerts 5, and two batches of two new alerts waiting
        queue.open();
        assertThat(queue.offer(batch(fired("a"), fired("b")))).isTrue();
        assertThat(queue.offer(batch(fired("c"), fired("d")))).isTrue();
        // When two more come before the first are evaluated, then they are refused (4 + 2 > 5)
        assertThat(queue.offer(batch(fired("e"), fired("f")))).isFalse();
        // And once evaluated (session at 4, nothing waiting) one more fits
        IngestBatch first = pollNow();
        IngestBatch second = pollNow();
        queue.settled(first, 2);
        queue.settled(second, 4);
        assertThat(queue.offer(batch(fired("g")))).isTrue();
    }

    @Test
    void fullQueueIsStillReportedAsAFullQueue() {
        BoundedEvaluationQueue small = queue(1, 1000);
        small.open();
        assertThat(small.offer(batch(fired("a")))).isTrue();
        assertThat(small.offer(batch(fired("b")))).isFalse();
        assertThat(small.refusalReason()).startsWith("evaluation queue is full");
    }

    @Test
    void manyDistinctAlertsNeverGrowBeyondTheBound() {
        // Given max-alerts 5 and an evaluation thread that keeps up
        queue.open();
        long inSession = 0;
        int refused = 0;
        for (int i = 0; i < 1000; i++) {
            IngestBatch b = batch(fired("fp-" + i));
            if (queue.offer(b)) {
                inSession++;
                queue.settled(pollNow(), inSession);
            } else {
                refused++;
            }
        }
        assertThat(inSession).isEqualTo(5);
        assertThat(refused).isEqualTo(995);
        assertThat(queue.firingAlerts()).isEqualTo(5);
    }

    private IngestBatch pollNow() {
        try {
            return queue.poll(Duration.ZERO);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private BoundedEvaluationQueue queue(int capacity, long maxAlerts) {
        EvaluationConfig config =
                ConfigStub.of(EvaluationConfig.class, Map.of("queueCapacity", capacity, "maxAlerts", maxAlerts));
        return new BoundedEvaluationQueue(config, meters);
    }

    private static IngestBatch batch(AlertChange... changes) {
        return new IngestBatch("test", T0, new ArrayList<>(List.of(changes)), null);
    }

    private static AlertChange fired(String fingerprint) {
        return new AlertChange.Fired(
                new AlertSignal(fingerprint, "TritonQueueHigh", Signal.QUEUE, "ml", "a100", null, null, "page", T0));
    }

    private static AlertChange resolved(String fingerprint) {
        return new AlertChange.Resolved(fingerprint, T0);
    }
}
