package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.Redaction;
import dev.odpe.engine.adapter.rollback.strategy.RollbackResult;
import dev.odpe.engine.adapter.rollback.strategy.RollbackStrategy;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import dev.odpe.rules.action.RollbackModel;

/**
 * Strategy 3, patch the Application through the Kubernetes API: pin the last good version where the
 * model version lives in {@code spec.source} (Helm parameter or Kustomize image). Works with
 * automated sync (Argo CD syncs the change); with manual sync it also sets {@code operation.sync} so
 * Argo CD's controller syncs it. The change recorded for the audit has inline Helm values and URL
 * credentials redacted ({@link Redaction}). Steps: read → refuse if an operation runs → choose → pin →
 * (dry-run: record the change) → write with the read's resourceVersion, re-read once on a conflict.
 */
public class ApplicationPatchStrategy implements RollbackStrategy {

    private static final int ATTEMPTS = 2;

    private final ApplicationResources applications;

    public ApplicationPatchStrategy(ApplicationResources applications) {
        this.applications = applications;
    }

    @Override
    public StrategyKey key() {
        return StrategyKey.APP_PATCH;
    }

    @Override
    public RollbackResult rollback(String decisionId, RollbackModel action, ModelTarget target, boolean dryRun) {
        return rollback(target.application(), target.version(), action.badVersion(), dryRun);
    }

    /** Rolls {@code app} back away from {@code badVersion}, whose version lives at {@code location}. */
    public RollbackResult rollback(ApplicationRef app, VersionLocation location, String badVersion, boolean dryRun) {
        RollbackResult result = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            result = once(app, location, badVersion, dryRun);
            if (!(result.status() == RollbackResult.Status.FAILED
                    && result.detail().contains("OPERATION_IN_PROGRESS"))) {
                return result;
            }
        }
        return result;
    }

    private RollbackResult once(ApplicationRef app, VersionLocation location, String badVersion, boolean dryRun) {
        ApiCall read = applications.application(app);
        if (read instanceof ApiCall.Failed failed) {
            return failed.asRollbackResult("reading Application " + app);
        }
        ObjectNode application = (ObjectNode) ((ApiCall.Ok) read).body();
        var busy = RollbackChoice.busy(app, application);
        if (busy.isPresent()) {
            return busy.get();
        }
        RollbackChoice choice = RollbackChoice.choose(application, location, badVersion);
        var nothing = RollbackChoice.nothingToDo(app, choice, badVersion);
        if (nothing.isPresent()) {
            return nothing.get();
        }
        String version = ((RollbackChoice.To) choice).version();
        ObjectNode source = (ObjectNode) application.path("spec").path("source");
        location.pin(source, version);
        boolean automated = application.path("spec").path("syncPolicy").has("automated");
        if (!automated) {
            ObjectNode operation = application.putObject("operation");
            operation.putObject("initiatedBy").put("username", "odpe");
            operation
                    .putObject("sync")
                    .put("revision", source.path("targetRevision").asText("HEAD"));
        }
        // Inline Helm values may hold secrets: the audit names the pin, not the values.
        String change = "spec.source " + Redaction.source(source) + (automated ? "" : " and operation.sync");
        String what = "pin version " + version + " in " + app + " (" + location + ")";
        if (dryRun) {
            return new RollbackResult(RollbackResult.Status.WOULD_ROLL_BACK, "dry-run: would " + what, change, false);
        }
        ApiCall written = applications.update(app, application);
        if (written instanceof ApiCall.Failed failed) {
            return failed.asRollbackResult(what).withRequest(change);
        }
        return new RollbackResult(
                RollbackResult.Status.ROLLED_BACK,
                what + (automated ? "; automated sync applies it" : "; sync requested"),
                change,
                false);
    }
}
