package dev.odpe.engine.evaluate;

import dev.odpe.engine.config.ShutdownBudget;
import dev.odpe.engine.config.ShutdownOrder;
import dev.odpe.engine.decide.DecisionPipeline;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.evaluate.journal.InputJournal;
import dev.odpe.rules.runtime.DroolsRuleSession;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RuleSession;
import dev.odpe.rules.runtime.SessionSwap;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one thread that owns the rule session and its clock. It drains the evaluation queue, applies
 * each batch's alert changes, runs the rules once per batch and hands every outcome to the
 * {@link DecisionPipeline}. When idle it still moves the clock every tick so expiries and time
 * windows close on time.
 *
 * <p>Shutdown: {@link #onStop} closes the queue (from then on every offer is refused, and every batch
 * accepted before is in the queue), then the thread evaluates what is left and stops; {@link #drained()}
 * completes then. Whatever must happen only after the last accepted batch was evaluated (publishing its
 * decisions, sharing its intents, releasing the leader lease) observes {@code ShutdownEvent} with a
 * priority after {@link dev.odpe.engine.config.ShutdownOrder#EVALUATION_DRAIN}, or waits for
 * {@link #drained()}.
 */
@ApplicationScoped
public class EvaluationLoop implements ShutdownBudget {

    private final BoundedEvaluationQueue queue;
    private final RulePackProvider packs;
    private final ShadowComparisons shadows;
    private final DecisionPipeline pipeline;
    private final EvaluationConfig config;
    private final RulesConfig rulesConfig;
    private final Clock clock;
    private final InputJournal journal;
    private final Timer evaluationTime;
    private final Timer decisionLag;
    private final Counter evaluationErrors;
    private final Counter replayedOutcomes;
    private final Counter staleResolves;
    private final AtomicLong factCount = new AtomicLong();
    private final MeterRegistry meters;
    private final Gauge factsGauge;
    private final Timer swapTime;

    /** The session the rules run in, and the pack it runs; only the evaluation thread touches them. */
    private RuleSession session;

    private ActivePack pack;
    /** The shadow pack's session, fed the same input; null when there is none. Evaluation thread only. */
    private RuleSession shadowSession;

    private ActivePack shadowPack;

    private volatile Thread thread;
    private volatile boolean stopping;
    /** True once the thread stopped with every accepted batch evaluated; false if some were not. */
    private final CompletableFuture<Boolean> drained = new CompletableFuture<>();
    /** When the batch (or idle tick) being evaluated began; null while the thread waits for work. */
    private volatile Instant busySince;
    /** Evaluation steps taken (batches and ticks), numbering the input journal's steps. Evaluation thread only. */
    private long steps;

    public EvaluationLoop(
            BoundedEvaluationQueue queue,
            RulePackProvider packs,
            ShadowComparisons shadows,
            DecisionPipeline pipeline,
            EvaluationConfig config,
            RulesConfig rulesConfig,
            Clock clock,
            InputJournal journal,
            MeterRegistry meters) {
        this.queue = queue;
        this.packs = packs;
        this.shadows = shadows;
        this.pipeline = pipeline;
        this.config = config;
        this.rulesConfig = rulesConfig;
        this.clock = clock;
        this.journal = journal;
        this.evaluationTime = Timer.builder("odpe.evaluation.duration")
                .description("Time the rule session spends on one ingest batch: apply changes, fire rules, decide")
                .publishPercentileHistogram()
                .register(meters);
        this.decisionLag = Timer.builder("odpe.evaluation.lag")
                .description("Time from ingest accepting a batch to its decisions being recorded")
                .publishPercentileHistogram()
                .register(meters);
        this.evaluationErrors = Counter.builder("odpe.evaluation.errors")
                .description("Batches whose evaluation failed unexpectedly (see logs); the loop carries on")
                .register(meters);
        this.replayedOutcomes = Counter.builder("odpe.evaluation.replayed.outcomes")
                .description(
                        "Rule outcomes of facts replayed at start-up, not decided again (decided before the restart)")
                .register(meters);
        this.staleResolves = Counter.builder("odpe.evaluation.stale.resolves")
                .description("Resolves ignored because they are older (startsAt) than the firing alert they name")
                .register(meters);
        this.swapTime = Timer.builder("odpe.rules.swap.duration")
                .description("Time the evaluation thread spends swapping in a new rule pack (carrying working"
                        + " memory over, deciding the difference); no batch is evaluated meanwhile")
                .register(meters);
        this.meters = meters;
        this.factsGauge = Gauge.builder("odpe.session.facts", factCount, AtomicLong::get)
                .description("Facts in the rule session's working memory")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        if (!(packs.load() instanceof RulePackProvider.LoadState.Loaded)) {
            return; // not ready; the queue stays closed so ingest answers 503 instead of accepting work it cannot do
        }
        pack = packs.active().orElseThrow();
        session = pack.pack().newSession(rulesConfig.settings());
        journal.start(clock.instant(), pack.pack().version(), rulesConfig.settings(), config.tick());
        Thread t = new Thread(this::run, "odpe-evaluation");
        t.setDaemon(false);
        thread = t;
        t.start();
        queue.open();
    }

    void onStop(@Observes @Priority(ShutdownOrder.EVALUATION_DRAIN) ShutdownEvent event) {
        meters.remove(factsGauge); // see IngestMetrics.removeGauges
        queue.close(); // returns once no offer can add to the queue any more
        stopping = true;
        Thread t = thread;
        if (t == null) {
            drained.complete(true); // never started: the queue never accepted anything
            return;
        }
        try {
            t.join(config.drainTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            Log.errorf(
                    "Evaluation did not drain within %s (odpe.evaluation.drain-timeout); %d accepted batches were "
                            + "not evaluated",
                    config.drainTimeout(), queue.depth());
            drained.complete(false);
            t.interrupt();
        }
    }

    /**
     * Completes when evaluation has stopped for good: {@code true} when every batch the queue accepted
     * was evaluated (the drain finished), {@code false} when some were not (drain timeout, or the thread
     * died). After it completes no batch is accepted any more.
     */
    public CompletionStage<Boolean> drained() {
        return drained.minimalCompletionStage();
    }

    @Override
    public String budgetKey() {
        return "odpe.evaluation.drain-timeout";
    }

    @Override
    public Duration budget() {
        return config.drainTimeout();
    }

    public boolean isRunning() {
        Thread t = thread;
        return t != null && t.isAlive() && !stopping;
    }

    public boolean isStopping() {
        return stopping;
    }

    /** When the batch (or idle tick) being evaluated now began; empty while the thread waits for work. */
    public Optional<Instant> busySince() {
        return Optional.ofNullable(busySince);
    }

    private void run() {
        Log.infof("Evaluation thread started with rule pack %s", session.ruleSetVersion());
        boolean drainedAll = false;
        try {
            // Ends only when closed (stopping is set after the queue's close returned) and empty, or
            // when interrupted after the drain timeout.
            while ((!stopping || !queue.isEmpty()) && !Thread.currentThread().isInterrupted()) {
                step();
            }
            drainedAll = queue.isEmpty();
            Log.info(drainedAll ? "Evaluation thread stopped; queue drained" : "Evaluation thread interrupted");
        } catch (Error fatal) {
            Log.errorf(fatal, "Evaluation thread died; the engine now refuses alerts (503) and reports not live");
            throw fatal;
        } finally {
            queue.close(); // whatever ended the loop, ingest must stop answering 2xx for work nobody will do
            session.close();
            closeShadow();
            drained.complete(drainedAll);
        }
    }

    /**
     * One turn: take the next batch (or an idle tick), swap in a pack that passed the gate meanwhile, move
     * the clock, evaluate, decide.
     */
    private void step() {
        IngestBatch batch = nextBatch();
        busySince = clock.instant();
        long step = ++steps;
        try {
            swapIfPending();
            Instant now = clock.instant(); // the step's evaluation clock, also the journal's
            session.advanceTo(now);
            if (shadowSession != null) {
                shadowSession.advanceTo(now);
            }
            if (batch != null) {
                evaluate(batch, step, now);
            } else {
                List<RuleOutcome> outcomes = session.evaluate(); // expiries found by the clock move
                journalTick(step, now, outcomes);
                compareWithShadow(outcomes, List.of(), false);
                decideAll(outcomes, Context.root());
            }
        } catch (RuntimeException e) {
            evaluationErrors.increment();
            if (batch != null) {
                batch.callback().failed(e);
            }
            Log.errorf(
                    e,
                    "Evaluation of %s failed; carrying on with the next batch",
                    batch == null ? "a clock tick" : batch.source() + " batch received " + batch.receivedAt());
        } finally {
            busySince = null;
        }
        factCount.set(session.factCount());
        queue.settled(batch, firingAlerts(session));
    }

    /** Firing alerts in the session, for the max-alerts admission check; facts when the session cannot tell. */
    private static long firingAlerts(RuleSession session) {
        return session instanceof DroolsRuleSession drools ? drools.alertCount() : session.factCount();
    }

    private IngestBatch nextBatch() {
        try {
            return queue.poll(config.tick());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
            return null;
        }
    }

    private void evaluate(IngestBatch batch, long step, Instant now) {
        long start = System.nanoTime();
        List<AlertChange> changes = changesOf(session, batch);
        journal.changes(
                step,
                now,
                batch.source(),
                batch.snapshot() != null,
                batch.replay(),
                changes,
                batch.snapshot() == null ? batch.provenance() : List.of());
        for (AlertChange change : changes) {
            if (FactChanges.apply(session, change) == FactChanges.Applied.STALE_RESOLVE) {
                staleResolves.increment();
                Log.infof(
                        "Ignored a resolve of %s from %s: it started %s, before the firing in working memory",
                        change.fingerprint(), batch.source(), ((AlertChange.Resolved) change).startsAt());
            }
        }
        List<RuleOutcome> outcomes = session.evaluate();
        if (changes.isEmpty()) {
            journalTick(step, now, outcomes); // a resync that changed nothing: only the clock moved
        }
        compareWithShadow(outcomes, changes, batch.replay());
        if (!batch.outcomes().isEmpty()) { // submitted by an adapter: decided after the rules' own, same path
            outcomes = new ArrayList<>(outcomes);
            outcomes.addAll(batch.outcomes());
        }
        if (batch.replay()) {
            replayedOutcomes.increment(outcomes.size()); // decided before the restart; the rules' state is what counts
            batch.callback().evaluated(DecisionPipeline.PUBLISHED);
            return;
        }
        batch.callback().evaluated(decideAll(outcomes, batch.trace()));
        evaluationTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        decisionLag.record(Duration.between(batch.receivedAt(), clock.instant()));
    }

    /** A step without changes goes in the journal only when its clock move produced outcomes. */
    private void journalTick(long step, Instant now, List<RuleOutcome> outcomes) {
        if (!outcomes.isEmpty()) {
            journal.tick(step, now, outcomes.size());
        }
    }

    private static List<AlertChange> changesOf(RuleSession session, IngestBatch batch) {
        if (batch.snapshot() == null) {
            return batch.changes();
        }
        List<AlertChange> changes = Reconciliation.changes(session, batch.snapshot());
        batch.callback().reconciled(changes);
        return changes;
    }

    /**
     * Swaps in the pack that passed the gate since the last step, keeping working memory ({@link SessionSwap});
     * the difference in intents is decided with the new pack's version and commit. Starts (or restarts)
     * the shadow session the same way.
     */
    private void swapIfPending() {
        ActivePack next = packs.takePending();
        if (next != null) {
            swap(next);
        }
        ActivePack nextShadow = packs.takePendingShadow();
        if (nextShadow != null) {
            startShadow(nextShadow);
        }
    }

    private void swap(ActivePack next) {
        long start = System.nanoTime();
        if (next.version().equals(pack.version())) {
            pack = packs.swapped(next); // same rules from another commit: nothing to carry, decisions name it
            return;
        }
        SessionSwap.Result swap;
        try {
            swap = SessionSwap.swap(session, next.pack(), rulesConfig.settings(), clock.instant());
        } catch (RuntimeException e) { // the new rules threw on the alerts in memory: keep the old ones
            Log.errorf(e, "Swapping in rule pack %s failed; %s stays active", next.version(), pack.version());
            packs.swapFailed(next, e);
            return;
        }
        RuleSession old = session;
        session = swap.session();
        pack = packs.swapped(next);
        old.close();
        decideAll(swap.outcomes(), Context.root());
        swapTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        Log.infof(
                "Swapped in rule pack %s: %d firing alerts carried over, %d intents kept, %d outcomes decided",
                pack.version(),
                swap.carriedAlerts(),
                swap.keptIntents(),
                swap.outcomes().size());
    }

    /** A shadow session over {@code next} with the active session's alerts; what it derives is compared. */
    private void startShadow(ActivePack next) {
        closeShadow();
        try {
            shadowSession = SessionSwap.carry(session, next.pack(), rulesConfig.settings(), clock.instant());
            shadowPack = packs.shadowStarted(next);
            List<RuleOutcome> held = new ArrayList<>(session.liveIntents());
            shadows.compare(
                    clock.instant(), held, shadowSession.evaluate(), pack, shadowPack, o -> causesOf(session, o));
            Log.infof("Shadow rule pack %s runs beside %s", shadowPack.version(), pack.version());
        } catch (RuntimeException e) {
            Log.errorf(e, "Shadow rule pack %s could not start; the active pack is not affected", next.version());
            closeShadow();
        }
    }

    /**
     * Feeds the shadow session exactly what the active one got and compares outcomes. The shadow never
     * acts, and nothing it does may disturb the active pack: a failure only stops the shadow.
     */
    private void compareWithShadow(List<RuleOutcome> activeOutcomes, List<AlertChange> changes, boolean replay) {
        if (shadowSession == null) {
            return;
        }
        try {
            for (AlertChange change : changes) {
                FactChanges.apply(shadowSession, change);
            }
            List<RuleOutcome> shadowOutcomes = shadowSession.evaluate();
            if (!replay && (!activeOutcomes.isEmpty() || !shadowOutcomes.isEmpty())) {
                shadows.compare(
                        clock.instant(), activeOutcomes, shadowOutcomes, pack, shadowPack, o -> causesOf(session, o));
            }
        } catch (RuntimeException e) {
            Log.errorf(
                    e,
                    "Shadow rule pack %s failed; it is stopped, the active pack is not affected",
                    shadowPack.version());
            closeShadow();
        }
    }

    private void closeShadow() {
        if (shadowSession != null) {
            shadowSession.close();
            shadowSession = null;
        }
    }

    /** Decides every outcome; the stage completes when all those decisions are published. */
    private CompletionStage<Void> decideAll(List<RuleOutcome> outcomes, Context trigger) {
        if (outcomes.isEmpty()) {
            return DecisionPipeline.PUBLISHED;
        }
        CompletableFuture<?>[] published = new CompletableFuture<?>[outcomes.size()];
        for (int i = 0; i < published.length; i++) {
            RuleOutcome outcome = outcomes.get(i);
            published[i] = pipeline.decide(outcome, causesOf(session, outcome), pack.version(), pack.commit(), trigger)
                    .published()
                    .toCompletableFuture();
        }
        return published.length == 1 ? published[0].thenApply(ignored -> null) : CompletableFuture.allOf(published);
    }

    /** Enriches fingerprints with the firing they belong to, while the alert is still in the session. */
    private static List<Cause> causesOf(RuleSession session, RuleOutcome outcome) {
        List<Cause> causes = new ArrayList<>(outcome.causes().size());
        for (String fingerprint : outcome.causes()) {
            causes.add(session.firingAlert(fingerprint)
                    .map(a -> new Cause(fingerprint, a.startsAt(), a.alertName()))
                    .orElse(new Cause(fingerprint, null, null)));
        }
        return causes;
    }
}
