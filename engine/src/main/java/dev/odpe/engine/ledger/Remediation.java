package dev.odpe.engine.ledger;

import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.rules.action.RemediationAction;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What is committed before a live action runs (the {@code spec} of a {@code Remediation}): never
 * changed afterwards.
 *
 * @param idempotencyKey the planner's key; the ledger's name is derived from it (the fence)
 * @param decisionId     the decision this action belongs to (amendments find the entry by it)
 * @param causes         the cause ids ({@code fingerprint@startsAt}) the action rests on
 * @param holder         who committed it: this pod's identity (host name)
 * @param startedAt      when it was committed
 */
public record Remediation(
        String idempotencyKey,
        String decisionId,
        RemediationAction action,
        String rule,
        String ruleSetVersion,
        List<String> causes,
        String traceId,
        String holder,
        Instant startedAt) {

    public Remediation {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(startedAt, "startedAt");
        causes = List.copyOf(causes);
    }

    /** The remediation of a planned live action (its decision id already set). */
    public static Remediation of(
            PlannedAction plan, String ruleSetVersion, String traceId, String holder, Instant startedAt) {
        return new Remediation(
                plan.idempotencyKey(),
                plan.decisionId(),
                plan.action(),
                plan.rule(),
                ruleSetVersion,
                plan.causes().stream().map(c -> c.id()).toList(),
                traceId,
                holder,
                startedAt);
    }

    /** {@code action.target().key()}, e.g. {@code pool:ml-serving/triton-a100}. */
    public String target() {
        return action.target().key();
    }
}
