package dev.odpe.engine.evaluate;

import java.util.concurrent.CompletionStage;

/**
 * A place rule packs come from that can be asked to look for a new one at once
 * ({@code POST /api/v1/rules/refresh}, e.g. from a Git push webhook) instead of at its next poll.
 * Implemented by the rules directory watcher and by the Git adapter.
 */
public interface RuleSourceRefresh {

    /** Whether this source is in use (configured); unused ones are not asked. */
    boolean enabled();

    /** How the source names itself in answers and logs, without credentials. */
    String describe();

    /** Looks now, on the source's own thread; completes with what became of what it found. */
    CompletionStage<RulePackProvider.Reload> refresh();
}
