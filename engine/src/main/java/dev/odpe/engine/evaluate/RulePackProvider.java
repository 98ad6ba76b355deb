package dev.odpe.engine.evaluate;

import dev.odpe.rules.gate.GateResult;
import dev.odpe.rules.gate.PackGate;
import dev.odpe.rules.runtime.CompileProblem;
import dev.odpe.rules.runtime.RulePack;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which rule pack runs, and the gate every new one passes first ({@link PackGate}: compiles, every event
 * type declares {@code @expires}, golden scenarios pass).
 *
 * <p>At start-up the first pack is gated here: one a source offered before (the Git adapter's first
 * fetch), else {@code odpe.rules.dir} or the bundled pack. A broken first pack does not crash the engine:
 * it stays alive, logs every problem with file and line, and reports not ready (see
 * {@code RulePackReadiness}), so the previous healthy replicas keep serving during a rollout.
 *
 * <p>Afterwards sources ({@link RuleDirWatcher}, the Git adapter) {@link #offer} gated packs from their
 * own threads. A pack that passed waits here until the evaluation thread swaps it in between two
 * batches ({@link #takePending()}, {@link #swapped}); one that failed is remembered as the last
 * rejection, and the active pack stays: the engine stays ready.
 */
@ApplicationScoped
public class RulePackProvider {

    /** The outcome of loading: a pack, or the problems that prevented it. */
    public sealed interface LoadState {
        record Loaded(RulePack pack, String source) implements LoadState {}

        record Failed(String source, String summary, List<CompileProblem> problems) implements LoadState {}

        record NotLoaded() implements LoadState {}
    }

    /** What became of a look at a source: the {@code result} tag of {@code odpe_rules_reload_total}. */
    public enum Reload {
        /** A new pack passed the gate and is (or is about to be) active. */
        ACTIVATED,
        /** A new pack failed the gate; the active one stays. */
        REJECTED,
        /** Nothing new since the last look. */
        UNCHANGED,
        /** The source could not be read (e.g. the Git fetch failed); the active pack stays. */
        FAILED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final RulesConfig config;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Map<Reload, Counter> reloads = new EnumMap<>(Reload.class);
    private final AtomicReference<ActivePack> pending = new AtomicReference<>();
    private final AtomicReference<ActivePack> pendingShadow = new AtomicReference<>();
    private volatile LoadState state = new LoadState.NotLoaded();
    private volatile ActivePack active;
    private volatile ActivePack previous;
    private volatile PackRejection lastRejection;
    private volatile ActivePack shadow;
    private volatile PackRejection lastShadowRejection;
    private volatile String remoteSource;
    private Gauge activeInfo;

    public RulePackProvider(RulesConfig config, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.clock = clock;
        this.meters = meters;
        for (Reload reload : Reload.values()) {
            reloads.put(
                    reload,
                    Counter.builder("odpe.rules.reload")
                            .description("Looks for a new rule pack by result: activated, rejected by the gate,"
                                    + " unchanged, or failed to read the source")
                            .tag("result", reload.tag())
                            .register(meters));
        }
    }

    /** The local pack's source: {@code odpe.rules.dir} or the bundled default. */
    public String localSource() {
        return config.dir().map(d -> "directory " + d.toAbsolutePath()).orElse("bundled default pack");
    }

    /**
     * The first pack; called once by the evaluation loop at start-up. A pack a source offered already (the
     * Git adapter's first fetch, if it passed the gate) wins over the local one.
     */
    public synchronized LoadState load() {
        ActivePack offered = pending.getAndSet(null);
        if (offered != null) {
            activate(offered);
            return state;
        }
        String source = localSource();
        GateResult gate = config.dir().map(PackGate::check).orElseGet(PackGate::checkBundled);
        if (gate.passed()) {
            RulePack pack = gate.pack().orElseThrow();
            Log.infof(
                    "Rule pack %s from %s passed the gate: %d files, %d rules, %d scenarios",
                    pack.version(),
                    source,
                    pack.files().size(),
                    pack.ruleNames().size(),
                    gate.scenariosRun());
            activate(new ActivePack(pack, source, null, null));
        } else {
            Log.errorf("Rule pack from %s is broken; the engine will not become ready.%n%s", source, gate.describe());
            state = new LoadState.Failed(source, gate.summary(), gate.problems());
            lastRejection = new PackRejection(source, null, clock.instant(), gate, null);
            reloads.get(Reload.REJECTED).increment();
        }
        return state;
    }

    /**
     * A source's gated pack. Passed: it becomes active at the evaluation thread's next step (or at
     * start-up). Failed: remembered and logged with every problem; the active pack stays.
     */
    public synchronized Reload offer(String source, String commit, GateResult gate) {
        String what = source + (commit == null ? "" : " commit " + commit);
        if (!gate.passed()) {
            lastRejection = new PackRejection(source, commit, clock.instant(), gate, null);
            reloads.get(Reload.REJECTED).increment();
            Log.errorf(
                    "Rule pack from %s rejected by the gate; %s stays active.%n%s",
                    what, active == null ? "no pack" : describe(active), gate.describe());
            return Reload.REJECTED;
        }
        ActivePack candidate = new ActivePack(gate.pack().orElseThrow(), source, commit, null);
        pending.set(candidate);
        Log.infof(
                "Rule pack %s from %s passed the gate (%d scenarios); it becomes active between two batches",
                candidate.version(), what, gate.scenariosRun());
        return Reload.ACTIVATED;
    }

    /** A source looked and found nothing new. */
    public void unchanged() {
        reloads.get(Reload.UNCHANGED).increment();
    }

    /** A source could not be read; the active pack stays. */
    public void sourceFailed(String source, String error) {
        lastRejection = new PackRejection(source, null, clock.instant(), null, error);
        reloads.get(Reload.FAILED).increment();
        Log.warnf("Could not read rule pack source %s; the active pack stays: %s", source, error);
    }

    /** The evaluation thread could not swap {@code failed} in (its rules threw on the alerts in memory). */
    void swapFailed(ActivePack failed, RuntimeException error) {
        lastRejection = new PackRejection(
                failed.source(), failed.commit(), clock.instant(), null, "swapping the pack in failed: " + error);
        reloads.get(Reload.REJECTED).increment();
    }

    /**
     * A pack from elsewhere than {@code odpe.rules.dir} (the Git repository) is in charge: the directory
     * watcher stops offering the local pack, which is only the fallback until the first Git commit passes.
     */
    public void remoteSource(String source) {
        remoteSource = source;
    }

    public Optional<String> remoteSource() {
        return Optional.ofNullable(remoteSource);
    }

    /** For the evaluation thread: the pack to swap in before the next batch, if one passed the gate. */
    ActivePack takePending() {
        return pending.getAndSet(null);
    }

    /** For the evaluation thread: it now runs {@code next}. */
    synchronized ActivePack swapped(ActivePack next) {
        return activate(next);
    }

    private ActivePack activate(ActivePack next) {
        ActivePack now = next.activated(clock.instant());
        previous = active;
        active = now;
        state = new LoadState.Loaded(now.pack(), now.source());
        reloads.get(Reload.ACTIVATED).increment();
        if (activeInfo != null) {
            meters.remove(activeInfo);
        }
        activeInfo = Gauge.builder("odpe.rules.active.info", () -> 1)
                .description("The active rule pack: 1, tagged with its version and Git commit")
                .tag("version", now.version())
                .tag("commit", now.commit() == null ? "" : now.commit())
                .register(meters);
        Log.infof(
                "Rule pack %s is active%s", describe(now), previous == null ? "" : " (was " + describe(previous) + ")");
        return now;
    }

    /** A shadow pack that compiled; it starts beside the active one at the evaluation thread's next step. */
    public synchronized void offerShadow(String source, String commit, GateResult gate) {
        if (gate.pack().isEmpty()) {
            lastShadowRejection = new PackRejection(source, commit, clock.instant(), gate, null);
            Log.warnf("Shadow rule pack from %s commit %s does not compile:%n%s", source, commit, gate.describe());
            return;
        }
        lastShadowRejection = gate.passed() ? null : new PackRejection(source, commit, clock.instant(), gate, null);
        pendingShadow.set(new ActivePack(gate.pack().get(), source, commit, null));
        Log.infof(
                "Shadow rule pack %s from %s commit %s compiled; %s",
                gate.pack().get().version(), source, commit, gate.summary());
    }

    ActivePack takePendingShadow() {
        return pendingShadow.getAndSet(null);
    }

    ActivePack shadowStarted(ActivePack next) {
        ActivePack now = next.activated(clock.instant());
        shadow = now;
        return now;
    }

    public LoadState state() {
        return state;
    }

    public Optional<RulePack> pack() {
        return state instanceof LoadState.Loaded loaded ? Optional.of(loaded.pack()) : Optional.empty();
    }

    public Optional<ActivePack> active() {
        return Optional.ofNullable(active);
    }

    public Optional<ActivePack> previous() {
        return Optional.ofNullable(previous);
    }

    public Optional<PackRejection> lastRejection() {
        return Optional.ofNullable(lastRejection);
    }

    public Optional<ActivePack> shadow() {
        return Optional.ofNullable(shadow);
    }

    public Optional<PackRejection> lastShadowRejection() {
        return Optional.ofNullable(lastShadowRejection);
    }

    private static String describe(ActivePack pack) {
        return pack.version() + " from " + pack.source() + (pack.commit() == null ? "" : " commit " + pack.commit());
    }
}
