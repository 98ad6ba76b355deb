package dev.odpe.rules.runtime;

import dev.odpe.rules.fact.RulePackSettings;
import java.util.List;

/** A compiled, immutable rule pack; sessions are cheap to create from it. */
public interface RulePack {

    /** Content hash of the pack's files (names and bytes), stamped on every decision. */
    String version();

    /** The DRL file names the pack was compiled from, sorted. */
    List<String> files();

    /** Names of all rules in the pack, sorted. */
    List<String> ruleNames();

    /** A new session with {@code settings} inserted as a fact. */
    RuleSession newSession(RulePackSettings settings);
}
