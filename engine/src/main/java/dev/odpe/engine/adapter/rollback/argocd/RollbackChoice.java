package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import java.util.List;
import java.util.Optional;

/**
 * Which past deployment to roll back to, decided from the Application alone (nothing is applied
 * here): the newest {@code status.history} entry whose model version differs from the bad one.
 */
public sealed interface RollbackChoice {

    /** Roll back to this history entry. */
    record To(HistoryEntry entry, String version) implements RollbackChoice {}

    /** Nothing to do: the live source already serves another version (an earlier rollback, or a fix). */
    record AlreadyAway(String liveVersion) implements RollbackChoice {}

    /** No history entry serves another version (or none says which version it serves). */
    record NoGoodVersion(String reason) implements RollbackChoice {}

    /** An operation running or pending on the Application: no strategy starts another. */
    static Optional<RollbackResult> busy(ApplicationRef app, JsonNode application) {
        String phase =
                application.path("status").path("operationState").path("phase").asText("");
        if ("Running".equals(phase) || "Terminating".equals(phase) || application.has("operation")) {
            return Optional.of(new RollbackResult(
                    RollbackResult.Status.IN_PROGRESS,
                    "an operation is pending or " + "running on " + app + " (phase " + phase
                            + "); not starting another",
                    null,
                    false));
        }
        return Optional.empty();
    }

    /** The result when {@code choice} leaves nothing to do, or empty for {@link To}. */
    static Optional<RollbackResult> nothingToDo(ApplicationRef app, RollbackChoice choice, String badVersion) {
        if (choice instanceof AlreadyAway away) {
            return Optional.of(new RollbackResult(
                    RollbackResult.Status.ALREADY_AWAY,
                    app + " already serves version " + away.liveVersion() + ", not " + badVersion + "; nothing to do",
                    null,
                    false));
        }
        if (choice instanceof NoGoodVersion none) {
            return Optional.of(new RollbackResult(
                    RollbackResult.Status.NO_GOOD_VERSION,
                    "cannot roll " + app + " away from " + badVersion + ": " + none.reason(),
                    null,
                    false));
        }
        return Optional.empty();
    }

    static RollbackChoice choose(JsonNode application, VersionLocation location, String badVersion) {
        Optional<String> live = location.versionIn(application.path("spec").path("source"));
        if (live.isPresent() && !live.get().equals(badVersion)) {
            return new AlreadyAway(live.get());
        }
        List<HistoryEntry> history = HistoryEntry.of(application);
        for (int i = history.size() - 1; i >= 0; i--) {
            HistoryEntry entry = history.get(i);
            Optional<String> version = location.versionIn(entry.source());
            if (version.isPresent() && !version.get().equals(badVersion)) {
                return new To(entry, version.get());
            }
        }
        return new NoGoodVersion(
                history.isEmpty()
                        ? "status.history is empty"
                        : "none of the " + history.size() + " history entries serves a version other than " + badVersion
                                + " at " + location);
    }
}
