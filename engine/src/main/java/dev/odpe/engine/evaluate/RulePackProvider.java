package dev.odpe.engine.evaluate;

import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RulePackCompiler;
import dev.odpe.rules.runtime.RulePackException;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/**
 * Compiles the configured rule pack once at start-up and remembers the result. A broken pack does
 * not crash the engine: it stays alive, logs every problem with file and line, and reports not ready
 * (see {@code RulePackReadiness}), so the previous healthy replicas keep serving during a rollout.
 */
@ApplicationScoped
public class RulePackProvider {

    /** The outcome of loading: a pack, or the problems that prevented it. */
    public sealed interface LoadState {
        record Loaded(RulePack pack, String source) implements LoadState {}

        record Failed(String source, String summary, List<CompileProblem> problems) implements LoadState {}

        record NotLoaded() implements LoadState {}
    }

    private final RulesConfig config;
    private volatile LoadState state = new LoadState.NotLoaded();

    public RulePackProvider(RulesConfig config) {
        this.config = config;
    }

    /** Compiles the pack; called once by the evaluation loop at start-up. */
    public LoadState load() {
        String source = config.dir().map(d -> "directory " + d.toAbsolutePath()).orElse("bundled default pack");
        try {
            RulePack pack = config.dir().map(RulePackCompiler::compile).orElseGet(RulePackCompiler::bundled);
            Log.infof(
                    "Rule pack %s compiled from %s: %d files, %d rules",
                    pack.version(),
                    source,
                    pack.files().size(),
                    pack.ruleNames().size());
            state = new LoadState.Loaded(pack, source);
        } catch (RulePackException e) {
            Log.errorf("Rule pack from %s is broken; the engine will not become ready.%n%s", source, e.getMessage());
            state = new LoadState.Failed(source, e.getMessage(), e.problems());
        }
        return state;
    }

    public LoadState state() {
        return state;
    }

    public Optional<RulePack> pack() {
        return state instanceof LoadState.Loaded loaded ? Optional.of(loaded.pack()) : Optional.empty();
    }
}
