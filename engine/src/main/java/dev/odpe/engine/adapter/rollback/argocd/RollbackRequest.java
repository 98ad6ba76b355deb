package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;

/**
 * The body of {@code POST /api/v1/applications/{name}/rollback} (swagger
 * {@code applicationApplicationRollbackRequest}). {@code id} is the {@code status.history[].id} to
 * go back to. In ODPE's own dry-run the request is recorded, not sent; {@code dryRun} here is Argo
 * CD's server-side dry run.
 */
public record RollbackRequest(
        String name, long id, String appNamespace, String project, boolean dryRun, boolean prune) {

    static RollbackRequest to(ApplicationRef app, HistoryEntry entry) {
        return new RollbackRequest(app.name(), entry.id(), app.appNamespace(), app.project(), false, false);
    }

    String toJson(ObjectMapper json) {
        try {
            return json.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings, a number and booleans always serialises", e);
        }
    }
}
