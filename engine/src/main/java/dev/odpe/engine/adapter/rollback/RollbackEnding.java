package dev.odpe.engine.adapter.rollback;

import dev.odpe.engine.decision.ExecutionResult;

/**
 * How one rollback run ended.
 *
 * @param result   the final outcome for the decision's audit entry (URL credentials redacted)
 * @param attempts rollback requests tried (a resumed run counts those before the restart)
 * @param gaveUp   a live rollback that kept failing transiently until {@code odpe.rollback.deadline} (or its
 *                 attempts): a person must be told
 */
record RollbackEnding(ExecutionResult result, int attempts, boolean gaveUp) {}
