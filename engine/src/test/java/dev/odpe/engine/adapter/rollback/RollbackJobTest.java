package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.argocd.ApiRollbackStrategy;
import dev.odpe.engine.adapter.rollback.argocd.Applications;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdClient;
import dev.odpe.engine.adapter.rollback.argocd.ArgoCdServerDouble;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.testsupport.MutableClock;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollback's steps against the argocd-server double: attempt, retry, watch, final outcome, resume. The
 * steps run on the test thread in due order ({@link ManualSteps}), the clock moved to each one's time.
 */
class RollbackJobTest {

    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");
    private static final ModelTarget TARGET = ModelTarget.inApplication(
            StrategyKey.API,
            new ApplicationRef("bert-serving", "argocd", "ml-models"),
            new VersionLocation.HelmParameter("model.version"));
    /** Short enough that the double's real acceptance time stays within the 5 s clock skew of the test clock. */
    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @TempDir
    Path secrets;

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.now());
    private final ManualSteps steps = new ManualSteps(clock);
    private final AtomicInteger retries = new AtomicInteger();
    private final List<RollbackEnding> endings = new ArrayList<>();
    private ArgoCdServerDouble argocd;
    private RollbackJob job;

    @BeforeEach
    void start() throws Exception {
        argocd = new ArgoCdServerDouble();
        argocd.application(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));
        job = job(3);
    }

    private RollbackJob job(int attempts) throws Exception {
        RollbackConfig.ArgoCd config = ConfigStub.of(
                RollbackConfig.ArgoCd.class,
                Map.of(
                        "attempts",
                        attempts,
                        "backoff",
                        Duration.ofMillis(10),
                        "maxBackoff",
                        Duration.ofMillis(400),
                        "watchTimeout",
                        Duration.ofMillis(600),
                        "watchInterval",
                        Duration.ofMillis(50),
                        "timeout",
                        Duration.ofSeconds(2)));
        ArgoCdClient client = new ArgoCdClient(
                HttpClient.newHttpClient(),
                argocd.uri(),
                Files.writeString(secrets.resolve("token"), "t"),
                Duration.ofSeconds(2),
                json);
        return new RollbackJob(
                new ApiRollbackStrategy(client, json),
                client,
                config,
                DEADLINE,
                clock,
                steps,
                retries::incrementAndGet);
    }

    @AfterEach
    void stop() {
        argocd.close();
    }

    private RollbackEnding run() {
        job.start("d-1", BERT_8, TARGET, false, endings::add);
        steps.runAll(1_000);
        assertThat(endings).hasSize(1);
        return endings.get(0);
    }

    @Test
    void anOperationThatFailsInArgoCdIsAPermanentFailureWithArgoCdsMessage() {
        // Given Argo CD accepts the rollback but its operation fails
        argocd.afterRollback(Applications.bertServing("7", "Failed", ArgoCdServerDouble.ACCEPTED_AT)
                .replace("successfully synced", "one or more objects failed to apply"));

        // When the rollback runs
        ExecutionResult result = run().result();

        // Then the decision ends FAILED_PERMANENT quoting Argo CD
        assertThat(result.outcome()).isEqualTo(Outcome.FAILED_PERMANENT);
        assertThat(result.detail()).contains("Failed", "one or more objects failed to apply");
    }

    @Test
    void anOperationStillRunningWhenTheWatchEndsIsWatchedWithBackoffUntilTheDeadlineThenGivenUp() {
        // Given Argo CD's operation keeps running
        argocd.afterRollback(Applications.bertServing("7", "Running", ArgoCdServerDouble.ACCEPTED_AT));

        // When the rollback runs
        RollbackEnding ending = run();

        // Then the watch went on past its timeout with retries, and the run gave up at the deadline, transient
        assertThat(ending.result().outcome()).isEqualTo(Outcome.FAILED_TRANSIENT);
        assertThat(ending.result().detail()).contains("had not ended", "odpe.rollback.deadline");
        assertThat(ending.gaveUp()).isTrue();
        assertThat(retries).hasPositiveValue();
        assertThat(argocd.rollbacks()).hasSize(1);
    }

    @Test
    void aServerErrorOnEveryAttemptIsTransientAfterTheAttempts() {
        // Given argocd-server fails every rollback request
        argocd.rollbackAnswers(502, "bad gateway");

        // When the rollback runs
        RollbackEnding ending = run();

        // Then it tried three times and gives up with a transient failure
        assertThat(argocd.rollbacks()).hasSize(3);
        assertThat(ending.result().outcome()).isEqualTo(Outcome.FAILED_TRANSIENT);
        assertThat(ending.result().detail()).contains("after 3 attempts");
        assertThat(ending.gaveUp()).isTrue();
    }

    @Test
    void aServerErrorIsTriedAgainOnlyAfterABackoffThatDoubles() {
        // Given argocd-server fails every rollback request
        argocd.rollbackAnswers(502, "bad gateway");
        Instant started = clock.instant();

        // When the first attempt has run
        job.start("d-1", BERT_8, TARGET, false, endings::add);
        steps.runNext();

        // Then nothing waits on a thread: the second attempt is one task, due one backoff later
        assertThat(steps.pending()).isEqualTo(1);
        assertThat(steps.nextDue()).isEqualTo(started.plusMillis(10));
        steps.runNext();
        assertThat(steps.nextDue()).isEqualTo(started.plusMillis(10 + 20));
    }

    @Test
    void aTransientFailureIsRetriedUntilTheDeadlineWhenAttemptsAllowMore() throws Exception {
        // Given argocd-server fails every rollback request and attempts are not the limit
        job = job(1_000);
        argocd.rollbackAnswers(503, "unavailable");

        // When the rollback runs
        RollbackEnding ending = run();

        // Then it stopped at the deadline, with retries spaced at most max-backoff apart, and gave up
        assertThat(ending.result().detail()).contains("odpe.rollback.deadline");
        assertThat(ending.gaveUp()).isTrue();
        assertThat(argocd.rollbacks()).hasSizeBetween(6, 12);
        assertThat(retries.get()).isEqualTo(argocd.rollbacks().size() - 1);
    }

    @Test
    void anOperationAlreadyRunningIsTriedAgainAfterTheBackoffAndTheRollbackThenSucceeds() {
        // Given a sync runs on bert-serving when the rollback starts
        argocd.application(Applications.bertServing("8", "Running", "2026-11-27T10:00:00Z"));
        argocd.afterRollback(Applications.bertServing("7", "Succeeded", ArgoCdServerDouble.ACCEPTED_AT));
        job.start("d-1", BERT_8, TARGET, false, endings::add);
        steps.runNext();
        assertThat(argocd.rollbacks()).isEmpty();

        // When the sync has ended by the retry
        argocd.application(Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z"));
        steps.runAll(1_000);

        // Then the retry rolled back once and the watch saw it succeed
        assertThat(argocd.rollbacks()).hasSize(1);
        assertThat(retries).hasValue(1);
        assertThat(endings).singleElement().satisfies(e -> {
            assertThat(e.result().outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.gaveUp()).isFalse();
        });
    }

    @Test
    void aResumedRollbackWhoseOperationAlreadySucceededIsRecordedWithoutAnotherRequest() {
        // Given the rollback was requested before a restart, and Argo CD's operation has since succeeded
        Instant requested = clock.instant().minusSeconds(60);
        argocd.application(Applications.bertServing(
                "7", "Succeeded", clock.instant().minusSeconds(50).toString()));

        // When it is resumed
        job.resume("d-1", BERT_8, TARGET, requested, 1, endings::add);
        steps.runAll(1_000);

        // Then it is recorded EXECUTED and nothing is sent to Argo CD again
        assertThat(argocd.rollbacks()).isEmpty();
        assertThat(endings).singleElement().satisfies(e -> {
            assertThat(e.result().outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.result().detail()).contains("resumed", "succeeded");
            assertThat(e.attempts()).isEqualTo(1);
        });
    }

    @Test
    void aResumedRollbackWhoseOperationFailedIsRecordedAsFailed() {
        // Given Argo CD's operation for the rollback requested before the restart failed
        Instant requested = clock.instant().minusSeconds(60);
        argocd.application(Applications.bertServing(
                        "7", "Failed", clock.instant().minusSeconds(50).toString())
                .replace("successfully synced", "one or more objects failed to apply"));

        // When it is resumed
        job.resume("d-1", BERT_8, TARGET, requested, 1, endings::add);
        steps.runAll(1_000);

        // Then it is recorded FAILED_PERMANENT with Argo CD's message, nothing sent again
        assertThat(argocd.rollbacks()).isEmpty();
        assertThat(endings)
                .singleElement()
                .satisfies(e -> assertThat(e.result())
                        .satisfies(r -> assertThat(r.outcome()).isEqualTo(Outcome.FAILED_PERMANENT))
                        .satisfies(r -> assertThat(r.detail()).contains("one or more objects failed to apply")));
    }

    @Test
    void aResumedRollbackThatNeverStartedGoesOnFromTheAttempt() {
        // Given the rollback was started just before the restart but Argo CD never got the request
        Instant requested = clock.instant().minusSeconds(1);
        argocd.afterRollback(Applications.bertServing("7", "Succeeded", ArgoCdServerDouble.ACCEPTED_AT));

        // When it is resumed
        job.resume("d-1", BERT_8, TARGET, requested, 0, endings::add);
        steps.runAll(1_000);

        // Then the rollback is requested once and watched to its end
        assertThat(argocd.rollbacks()).hasSize(1);
        assertThat(endings).singleElement().satisfies(e -> {
            assertThat(e.result().outcome()).isEqualTo(Outcome.EXECUTED);
            assertThat(e.attempts()).isEqualTo(1);
        });
    }
}
