package dev.odpe.engine.evaluate;

import dev.odpe.rules.runtime.RulePack;
import java.time.Instant;
import java.util.Objects;

/**
 * A rule pack that passed the gate, where it came from and since when it runs.
 *
 * @param source      e.g. {@code git https://…/rules.git (branch main, path rules)}, {@code directory /etc/odpe/rules}
 * @param commit      the Git commit (40 hex digits); null for a directory or the bundled pack
 * @param activatedAt when the evaluation thread swapped it in; null while it waits for the swap
 */
public record ActivePack(RulePack pack, String source, String commit, Instant activatedAt) {

    public ActivePack {
        Objects.requireNonNull(pack, "pack");
        Objects.requireNonNull(source, "source");
    }

    public String version() {
        return pack.version();
    }

    ActivePack activated(Instant at) {
        return new ActivePack(pack, source, commit, at);
    }
}
