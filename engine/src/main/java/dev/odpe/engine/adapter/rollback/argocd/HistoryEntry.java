package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** One {@code status.history[]} entry of an Argo CD Application: a past deployment. */
public record HistoryEntry(long id, String revision, String deployedAt, JsonNode source) {

    /** {@code status.history}, oldest first as Argo CD keeps it. */
    public static List<HistoryEntry> of(JsonNode application) {
        List<HistoryEntry> entries = new ArrayList<>();
        for (JsonNode entry : application.path("status").path("history")) {
            entries.add(new HistoryEntry(
                    entry.path("id").asLong(),
                    entry.path("revision").asText(""),
                    entry.path("deployedAt").asText(""),
                    entry.path("source")));
        }
        return entries;
    }
}
