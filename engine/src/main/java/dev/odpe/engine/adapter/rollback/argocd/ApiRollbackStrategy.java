package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.argocd.ApiCall.Failed;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.RollbackStrategy;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import dev.odpe.rules.action.RollbackModel;

/**
 * Strategy 1, Argo CD's own rollback: read the Application, choose the newest history entry that
 * serves another version ({@link RollbackChoice}), and ask argocd-server to roll back to it. In
 * named steps: read → refuse if an operation runs → choose → (dry-run: record the request) → send.
 * Never rolls back twice for one decision: an operation in flight or a live source already away from
 * the bad version is reported and nothing is sent.
 */
public class ApiRollbackStrategy implements RollbackStrategy {

    /** Removes automated sync; Argo CD refuses rollbacks while it is on. */
    static final String AUTO_SYNC_OFF = "{\"spec\":{\"syncPolicy\":{\"automated\":null}}}";

    private final ArgoCdClient argocd;
    private final ObjectMapper json;
    private final boolean disableAutoSync;

    public ApiRollbackStrategy(ArgoCdClient argocd, ObjectMapper json) {
        this(argocd, json, false);
    }

    /**
     * @param disableAutoSync turn automated sync off before rolling back an auto-synced Application
     *                        (it stays off: on, Argo CD would sync the bad version from Git again)
     */
    public ApiRollbackStrategy(ArgoCdClient argocd, ObjectMapper json, boolean disableAutoSync) {
        this.argocd = argocd;
        this.json = json;
        this.disableAutoSync = disableAutoSync;
    }

    @Override
    public StrategyKey key() {
        return StrategyKey.API;
    }

    @Override
    public RollbackResult rollback(String decisionId, RollbackModel action, ModelTarget target, boolean dryRun) {
        return rollback(target.application(), target.version(), action.badVersion(), dryRun);
    }

    /** Rolls {@code app} back away from {@code badVersion}, whose version lives at {@code location}. */
    public RollbackResult rollback(ApplicationRef app, VersionLocation location, String badVersion, boolean dryRun) {
        ApiCall read = argocd.application(app);
        if (read instanceof Failed failed) {
            return failed.asRollbackResult("reading Application " + app);
        }
        JsonNode application = ((ApiCall.Ok) read).body();
        var busy = RollbackChoice.busy(app, application);
        if (busy.isPresent()) {
            return busy.get();
        }
        RollbackChoice choice = RollbackChoice.choose(application, location, badVersion);
        var nothing = RollbackChoice.nothingToDo(app, choice, badVersion);
        if (nothing.isPresent()) {
            return nothing.get();
        }
        RollbackChoice.To to = (RollbackChoice.To) choice;
        RollbackRequest request = RollbackRequest.to(app, to.entry());
        String body = request.toJson(json);
        String what = "roll " + app + " back to history id " + to.entry().id() + " (version " + to.version()
                + ", revision " + to.entry().revision() + ")";
        boolean turnOff = disableAutoSync && isAutoSynced(application);
        if (dryRun) {
            return new RollbackResult(
                    RollbackResult.Status.WOULD_ROLL_BACK,
                    "dry-run: would "
                            + (turnOff
                                    ? "turn automated sync off (PATCH " + argocd.patchRequest(app, AUTO_SYNC_OFF)
                                            + "), then "
                                    : "")
                            + what,
                    body,
                    false);
        }
        if (turnOff) {
            ApiCall patched = argocd.patch(app, AUTO_SYNC_OFF);
            if (patched instanceof Failed failed) {
                return failed.asRollbackResult("turning automated sync off on " + app + " (to " + what + ")");
            }
            what = "turn automated sync off on " + app + " (it stays off: re-enable it once Git no longer deploys "
                    + "version " + badVersion + ") and " + what;
        }
        ApiCall sent = argocd.rollback(app, request);
        if (sent instanceof Failed failed) {
            if (failed.reason() == ApiCall.Reason.OPERATION_IN_PROGRESS) {
                return new RollbackResult(RollbackResult.Status.IN_PROGRESS, failed.message(), body, false);
            }
            return failed.asRollbackResult(what).withRequest(body);
        }
        return new RollbackResult(RollbackResult.Status.ROLLED_BACK, "asked Argo CD to " + what, body, false);
    }

    /** {@code spec.syncPolicy.automated} present and not {@code enabled: false} (Argo CD 3.x may keep the block). */
    private static boolean isAutoSynced(JsonNode application) {
        JsonNode automated = application.path("spec").path("syncPolicy").path("automated");
        return automated.isObject() && automated.path("enabled").asBoolean(true);
    }
}
