package dev.odpe.engine.ledger;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A change to a remediation's status; what is empty stays as it was. Build one with the static
 * methods and the {@code with…} copies, e.g. {@code StatusUpdate.to(Phase.FAILED, detail).withAttempts(3)}.
 */
public record StatusUpdate(
        Optional<Phase> phase, OptionalInt attempts, Optional<Condition> condition, Optional<String> detail) {

    /** Moves to {@code phase} with {@code detail} (redacted when stored). */
    public static StatusUpdate to(Phase phase, String detail) {
        return new StatusUpdate(Optional.of(phase), OptionalInt.empty(), Optional.empty(), Optional.of(detail));
    }

    /** Only sets (or replaces, by type) one condition. */
    public static StatusUpdate condition(Condition condition) {
        return new StatusUpdate(Optional.empty(), OptionalInt.empty(), Optional.of(condition), Optional.empty());
    }

    public StatusUpdate withAttempts(int attempts) {
        return new StatusUpdate(phase, OptionalInt.of(attempts), condition, detail);
    }

    public StatusUpdate withCondition(Condition newCondition) {
        return new StatusUpdate(phase, attempts, Optional.of(newCondition), detail);
    }
}
