package dev.odpe.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.Signal;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown against an offer in flight: a batch is either refused or evaluated, never accepted and then
 * forgotten. The interleaving is forced with latches: the offer stops right after it found the queue
 * open, shutdown starts, and only then does the offer go on.
 */
class EvaluationDrainTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path pack;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private BoundedEvaluationQueue queue;
    private EvaluationLoop loop;

    @BeforeEach
    void startLoop() throws IOException {
        Files.writeString(pack.resolve("empty.drl"), "package dev.odpe.rules.pack;\n");
        RulesConfig rules = ConfigStub.of(
                RulesConfig.class,
                Map.of("dir", Optional.of(pack), "scaleStep", 2, "boostTtl", Duration.ofMinutes(15), "maxBoost", 8));
        EvaluationConfig config = ConfigStub.of(
                EvaluationConfig.class,
                Map.of(
                        "queueCapacity",
                        10,
                        "tick",
                        Duration.ofMillis(10),
                        "drainTimeout",
                        Duration.ofSeconds(30),
                        "maxBatchDuration",
                        Duration.ofMinutes(2),
                        "maxAlerts",
                        200_000L));
        queue = new BoundedEvaluationQueue(config, meters);
        loop = new EvaluationLoop(
                queue, new RulePackProvider(rules), null, config, rules, new MutableClock(T0), meters);
        loop.onStart(null);
    }

    @AfterEach
    void stopLoop() {
        loop.onStop(null);
    }

    @Test
    void aBatchOfferedWhileShutdownStartsIsEvaluatedBeforeTheDrainEnds() throws Exception {
        // Given an offer that has found the queue open and is held there
        CountDownLatch insideOffer = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger offers = new AtomicInteger();
        queue.afterOpenCheck(() -> {
            if (offers.incrementAndGet() == 1) {
                insideOffer.countDown();
                awaitUninterruptibly(release);
            }
        });
        AtomicBoolean evaluated = new AtomicBoolean();
        AtomicBoolean offered = new AtomicBoolean();
        Thread offering = new Thread(() -> offered.set(queue.offer(batch(evaluated))), "test-offer");
        offering.start();
        insideOffer.await();

        // When shutdown starts (and has either stopped evaluation or is waiting for the offer) before the
        // offer goes on
        Thread shutdown = new Thread(() -> loop.onStop(null), "test-shutdown");
        shutdown.start();
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        loop.drained().toCompletableFuture().isDone() || shutdown.getState() == Thread.State.WAITING);
        release.countDown();
        offering.join();
        shutdown.join();

        // Then the batch was accepted and evaluated, and the drain says everything accepted was evaluated
        assertThat(offered).isTrue();
        assertThat(evaluated).isTrue();
        assertThat(loop.drained().toCompletableFuture().get()).isTrue();
    }

    @Test
    void noBatchIsAcceptedOnceTheDrainStarted() throws Exception {
        // Given evaluation that has drained on shutdown
        loop.onStop(null);
        assertThat(loop.drained().toCompletableFuture().get()).isTrue();

        // When a batch is offered
        AtomicBoolean evaluated = new AtomicBoolean();
        boolean offered = queue.offer(batch(evaluated));

        // Then it is refused, with a reason a 503 can carry
        assertThat(offered).isFalse();
        assertThat(queue.refusalReason()).contains("shutting down");
        assertThat(queue.depth()).isZero();
    }

    private static IngestBatch batch(AtomicBoolean evaluated) {
        AlertChange fired = new AlertChange.Fired(
                new AlertSignal("fp-1", "TritonQueueHigh", Signal.QUEUE, "ml", "a100", null, null, "page", T0));
        return new IngestBatch("test", T0, List.of(fired), null, new BatchCallback() {
            @Override
            public void evaluated(CompletionStage<Void> published) {
                evaluated.set(true);
            }

            @Override
            public void failed(RuntimeException error) {}
        });
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
