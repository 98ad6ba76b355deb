package dev.odpe.engine.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.evaluate.journal.InputJournal;
import dev.odpe.engine.evaluate.journal.JournalConfig;
import dev.odpe.engine.health.EvaluationLiveness;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.testsupport.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness of an evaluation thread stuck in a rule pack's {@code fireAllRules}, with a test clock. */
public class HungEvaluationTest {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** Called by the test pack's only rule: blocks the evaluation thread until the test ends. */
    public static void hang() throws InterruptedException {
        RELEASE.await();
    }

    @TempDir
    Path pack;

    private EvaluationLoop loop;

    @AfterEach
    void release() {
        RELEASE.countDown();
        if (loop != null) {
            loop.onStop(null);
        }
    }

    @Test
    void givenARulePackWhoseFiringNeverEndsWhenTheEvaluationRunsLongerThanTheBoundThenLivenessIsDown()
            throws IOException {
        // Given a rule pack whose one rule never returns, and batches bounded to 2 minutes
        Files.writeString(pack.resolve("hangs.drl"), """
                package dev.odpe.rules.pack;

                rule "firing-never-ends"
                when
                then
                    dev.odpe.engine.evaluate.HungEvaluationTest.hang();
                end
                """);
        MutableClock clock = new MutableClock(T0);
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
                        Duration.ofMillis(100),
                        "maxBatchDuration",
                        Duration.ofMinutes(2),
                        "maxAlerts",
                        200_000L));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        RulePackProvider packs = new RulePackProvider(rules, clock, meters);
        InputJournal journal = new InputJournal(
                ConfigStub.of(JournalConfig.class, Map.of("enabled", false, "queueCapacity", 10)), line -> {}, meters);
        loop = new EvaluationLoop(
                new BoundedEvaluationQueue(config, meters),
                packs,
                new ShadowComparisons(meters),
                null,
                config,
                rules,
                clock,
                journal,
                meters);
        EvaluationLiveness liveness = new EvaluationLiveness(packs, loop, config, clock);
        loop.onStart(null);

        // When the evaluation thread has been inside the rules for longer than the bound
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            clock.advance(Duration.ofMinutes(1));
            return liveness.call().getStatus() == HealthCheckResponse.Status.DOWN;
        });

        // Then liveness is down, and says for how long the thread has been busy
        HealthCheckResponse response = liveness.call();
        assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
        assertThat(response.getData()).get().satisfies(data -> assertThat(data).containsKey("busy-for"));
    }
}
