package dev.odpe.engine.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How a remediation is doing (the {@code status} of a {@code Remediation}).
 *
 * @param attempts   how often the action was tried (1 once the actuator ran)
 * @param detail     the latest outcome's detail, redacted (no URL credentials, no token) and bounded
 * @param updatedAt  when the status last changed
 */
public record RemediationStatus(
        Phase phase, int attempts, List<Condition> conditions, String detail, Instant updatedAt) {

    public RemediationStatus {
        Objects.requireNonNull(phase, "phase");
        conditions = List.copyOf(conditions);
        detail = LedgerText.redact(detail);
    }

    /** The status of a remediation just committed. */
    public static RemediationStatus pending(Instant at) {
        return new RemediationStatus(Phase.PENDING, 0, List.of(), "", at);
    }

    /** This status after {@code update}: its phase and detail, its attempts if set, its condition merged by type. */
    public RemediationStatus with(StatusUpdate update, Instant at) {
        List<Condition> merged = new ArrayList<>(conditions);
        update.condition().ifPresent(condition -> {
            merged.removeIf(c -> c.type().equals(condition.type()));
            merged.add(condition);
        });
        return new RemediationStatus(
                update.phase().orElse(phase),
                update.attempts().orElse(attempts),
                merged,
                update.detail().orElse(detail),
                at);
    }
}
