package dev.odpe.rules.action;

import java.util.Locale;
import java.util.Objects;

/**
 * What an action acts on. Cooldowns and audit filters key on {@link #key()}, e.g.
 * {@code pool:ml-serving/triton-a100} or {@code model:ml-serving/bert}.
 */
public record Target(Kind kind, String namespace, String name) {

    public enum Kind {
        POOL,
        MODEL;

        String prefix() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null ? "" : namespace;
    }

    public static Target pool(String namespace, String pool) {
        return new Target(Kind.POOL, namespace, pool);
    }

    public static Target model(String namespace, String model) {
        return new Target(Kind.MODEL, namespace, model);
    }

    /** Stable string form used in the audit API, metrics and cooldown keys. */
    public String key() {
        return kind.prefix() + ":" + namespace + "/" + name;
    }

    @Override
    public String toString() {
        return key();
    }
}
