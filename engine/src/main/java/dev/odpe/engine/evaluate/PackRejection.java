package dev.odpe.engine.evaluate;

import dev.odpe.rules.gate.GateResult;
import java.time.Instant;

/**
 * A pack the gate turned down (or a source that could not be read): the pack that was active stays.
 *
 * @param commit the rejected Git commit; null for a directory
 * @param gate   what the gate found; null when the source itself failed (e.g. the fetch)
 * @param error  why the source failed; null when the gate rejected the pack
 */
public record PackRejection(String source, String commit, Instant at, GateResult gate, String error) {

    public String summary() {
        return gate != null ? gate.summary() : error;
    }
}
