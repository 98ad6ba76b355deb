package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.evaluate.BatchCallback;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.rules.action.Notify;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.runtime.RuleOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tells a person about a rollback that needs one: a {@code Notify} (severity page) submitted to the
 * evaluation loop as a rule-less outcome, so it is decided on the evaluation thread like a rule's own
 * (planner: dry-run, cooldown and idempotency; the Notify executor; the audit) and never on a side path.
 */
final class RollbackEscalations {

    /** A live rollback kept failing transiently until {@code odpe.rollback.deadline}. */
    static final String GAVE_UP = "rollback-gave-up";

    /** A rollback succeeded but its alert still fired after {@code odpe.rollback.verify-within}. */
    static final String NOT_EFFECTIVE = "rollback-not-effective";

    private static final String SOURCE = "rollback";
    /** A full evaluation queue drains in well under a second; past a minute of refusals the engine is stopping. */
    private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

    private static final int MAX_OFFERS = 60;

    private final EvaluationQueue evaluation;
    private final RollbackSteps steps;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<String, Counter> submitted = new ConcurrentHashMap<>();

    RollbackEscalations(EvaluationQueue evaluation, RollbackSteps steps, Clock clock, MeterRegistry meters) {
        this.evaluation = evaluation;
        this.steps = steps;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Submits the page for {@code rollback} under rule {@code rule}, caused by the rollback decision's
     * alerts ({@code causes}, fingerprints).
     */
    void escalate(String rule, RollbackModel rollback, List<String> causes, String message) {
        Notify notify = new Notify(rollback.target(), "page", rule, message);
        offer(new RuleOutcome.Emitted(rule, notify, causes), 1);
    }

    private void offer(RuleOutcome outcome, int offers) {
        if (evaluation.offer(IngestBatch.decide(SOURCE, clock.instant(), List.of(outcome), BatchCallback.NONE))) {
            submitted
                    .computeIfAbsent(
                            outcome.rule(),
                            rule -> Counter.builder("odpe.rollback.escalations")
                                    .description("Rollback escalations (Notify decisions) submitted to evaluation")
                                    .tag("rule", rule)
                                    .register(meters))
                    .increment();
            return;
        }
        if (offers >= MAX_OFFERS) {
            Log.errorf(
                    "Escalation %s could not be submitted for %s (%s): %s",
                    outcome.rule(),
                    outcome.action().target().key(),
                    evaluation.refusalReason(),
                    ((Notify) outcome.action()).message());
            return;
        }
        steps.onTimer(RETRY_EVERY, () -> offer(outcome, offers + 1));
    }
}
