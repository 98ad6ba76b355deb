package dev.odpe.engine.decide;

import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.ledger.Condition;
import dev.odpe.engine.ledger.Holder;
import dev.odpe.engine.ledger.LedgerResult;
import dev.odpe.engine.ledger.Phase;
import dev.odpe.engine.ledger.Remediation;
import dev.odpe.engine.ledger.RemediationLedger;
import dev.odpe.engine.ledger.StatusUpdate;
import dev.odpe.engine.plan.IdempotencyKey;
import dev.odpe.engine.plan.Planner;
import dev.odpe.rules.action.ScalePool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The decision pipeline's two ledger steps. Before a live {@code EXECUTE} plan is applied it is committed
 * (the fence): only a created remediation is applied. After it is applied, its phase follows the outcome.
 * A live withdrawal is applied whatever the ledger says (undoing is always safe) and then marks the
 * emitted action's remediation with a {@code Withdrawn} condition. Dry-run plans and suppressions never
 * touch the ledger.
 */
final class LedgerSteps {

    /** The result of the commit step: whether a remediation was created, or what to record instead of acting. */
    record Gate(boolean committed, Optional<ExecutionResult> refusal) {

        static final Gate NOT_NEEDED = new Gate(false, Optional.empty());

        static Gate refused(ExecutionResult result) {
            return new Gate(false, Optional.of(result));
        }
    }

    /** Bound on remembered commits for withdrawals (as many as the planner remembers keys by default). */
    private static final int REMEMBERED_COMMITS = 100_000;

    private final RemediationLedger ledger;
    private final Planner planner;
    /**
     * Action and cause fingerprints → idempotency key of the committed action. A withdrawal's causes
     * lose their {@code startsAt} (the alert is gone from working memory), so its key cannot be derived
     * again; this process remembers it. Only the evaluation thread decides, so no lock.
     */
    private final Map<String, String> committedKeys = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_COMMITS;
        }
    };

    private final Clock clock;
    private final Counter created;
    private final Counter conflict;
    private final Counter failed;

    LedgerSteps(RemediationLedger ledger, Planner planner, Clock clock, MeterRegistry meters) {
        this.ledger = ledger;
        this.planner = planner;
        this.clock = clock;
        this.created = commits(meters, "created");
        this.conflict = commits(meters, "conflict");
        this.failed = commits(meters, "failed");
    }

    /** Commits a live EXECUTE plan before it is applied. */
    Gate commit(PlannedAction plan, String ruleSetVersion, String traceId) {
        if (plan.verdict() != Verdict.EXECUTE || plan.dryRun()) {
            return Gate.NOT_NEEDED;
        }
        LedgerResult.Commit answer =
                ledger.commit(Remediation.of(plan, ruleSetVersion, traceId, Holder.identity(), clock.instant()));
        if (answer instanceof LedgerResult.Created) {
            created.increment();
            committedKeys.put(withdrawalKey(plan), plan.idempotencyKey());
            return new Gate(true, Optional.empty());
        }
        if (answer instanceof LedgerResult.AlreadyExists existing) {
            conflict.increment();
            if (plan.action() instanceof ScalePool) {
                // Level state, not a step: asserting the same intent again changes nothing, and a new leader
                // must re-assert it — the old one may have died after its commit but before the shared
                // intents were written (seen in LeaderFailoverIT), leaving a firing pool without its boost.
                return Gate.NOT_NEEDED;
            }
            return Gate.refused(new ExecutionResult(
                    Outcome.SUPPRESSED_DUPLICATE, existing.describe() + "; this action was not applied again"));
        }
        LedgerResult.Unavailable unavailable = (LedgerResult.Unavailable) answer;
        failed.increment();
        planner.forget(plan); // nothing was done: the next emission of this action may act
        String detail = "ledger unavailable; nothing was done (" + unavailable.reason() + ")";
        return Gate.refused(
                unavailable.transientFailure()
                        ? ExecutionResult.transientFailure(detail)
                        : ExecutionResult.permanentFailure(detail));
    }

    /** After the plan was applied: the committed remediation's phase, or the withdrawn action's condition. */
    void track(PlannedAction plan, Gate gate, ExecutionResult result) {
        if (gate.committed()) {
            Phase.of(result.outcome())
                    .ifPresent(phase -> report(
                            plan.decisionId(),
                            ledger.update(
                                    plan.decisionId(),
                                    StatusUpdate.to(phase, result.detail()).withAttempts(1))));
        } else if (plan.verdict() == Verdict.WITHDRAW && !plan.dryRun()) {
            String remembered = committedKeys.remove(withdrawalKey(plan));
            String emitted = remembered != null ? remembered : IdempotencyKey.of(plan.action(), plan.causes());
            Condition withdrawn = Condition.isTrue(
                    "Withdrawn",
                    result.outcome().name(),
                    "justifying alert resolved or expired (decision " + plan.decisionId() + "): " + result.detail(),
                    clock.instant());
            LedgerResult.Update answer = ledger.updateByIdempotencyKey(emitted, StatusUpdate.condition(withdrawn));
            if (!(answer instanceof LedgerResult.NotFound)) { // a withdrawal of an action never committed is normal
                report(plan.decisionId(), answer);
            }
        }
    }

    private static String withdrawalKey(PlannedAction plan) {
        return plan.action().type() + "|" + plan.action() + "|"
                + plan.causes().stream().map(Cause::fingerprint).sorted().collect(Collectors.joining(","));
    }

    static void report(String decisionId, LedgerResult.Update answer) {
        if (answer instanceof LedgerResult.Unavailable unavailable) {
            Log.warnf("The ledger status of decision %s was not updated: %s", decisionId, unavailable.reason());
        } else if (answer instanceof LedgerResult.NotFound) {
            Log.debugf("Decision %s has no remediation in the ledger", decisionId);
        }
    }

    private static Counter commits(MeterRegistry meters, String result) {
        return Counter.builder("odpe.ledger.commits")
                .description("Commits of live actions to the remediation ledger, by result")
                .tag("result", result)
                .register(meters);
    }
}
