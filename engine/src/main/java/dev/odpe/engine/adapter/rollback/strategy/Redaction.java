package dev.odpe.engine.adapter.rollback.strategy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odpe.engine.http.UrlCredentials;
import java.net.URI;

/**
 * Keeps secrets out of decision details, and so out of the audit log and the decisions topic: the
 * user-info of any URL becomes {@code ***} ({@code https://***@host/...}), and inline Helm values
 * ({@code helm.values}, {@code helm.valuesObject}) of an Application source become
 * {@code "<redacted>"}. The version pin itself ({@code helm.parameters}, {@code kustomize.images}) is
 * kept: it is what the audit is for.
 */
public final class Redaction {

    /** What replaces a redacted value. */
    public static final String REDACTED = "<redacted>";

    private Redaction() {}

    /** {@code text} with the user-info of every URL (and any bearer token) in it replaced by {@code ***}. */
    public static String text(String text) {
        return UrlCredentials.redact(text);
    }

    /** {@code url} as text, its user-info replaced by {@code ***}. */
    public static String url(URI url) {
        return text(url.toString());
    }

    /** Whether {@code url} carries user-info (credentials). */
    public static boolean hasUserInfo(URI url) {
        return url.getRawUserInfo() != null;
    }

    /**
     * A copy of an Application source ({@code spec.source}, or an element of {@code spec.sources}) fit for
     * the audit: inline Helm values redacted, user-info removed from {@code repoURL}. The source itself is
     * left unchanged.
     */
    public static JsonNode source(JsonNode source) {
        if (!(source instanceof ObjectNode object)) {
            return source;
        }
        ObjectNode copy = object.deepCopy();
        if (copy.get("helm") instanceof ObjectNode helm) {
            for (String field : new String[] {"values", "valuesObject"}) {
                if (helm.has(field)) {
                    helm.put(field, REDACTED);
                }
            }
        }
        if (copy.get("repoURL") != null && copy.get("repoURL").isTextual()) {
            copy.put("repoURL", text(copy.get("repoURL").asText()));
        }
        return copy;
    }
}
