package dev.odpe.engine.evaluate;

import dev.odpe.engine.decide.DecisionPipeline;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.decision.Cause;
import dev.odpe.engine.evaluate.journal.InputJournal;
import dev.odpe.rules.runtime.DroolsRuleSession;
import dev.odpe.rules.runtime.RuleOutcome;
import dev.odpe.rules.runtime.RulePack;
import dev.odpe.rules.runtime.RuleSession;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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
 */
@ApplicationScoped
public class EvaluationLoop {

    private final BoundedEvaluationQueue queue;
    private final RulePackProvider packs;
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

    private volatile Thread thread;
    private volatile boolean stopping;
    /** When the batch (or idle tick) being evaluated began; null while the thread waits for work. */
    private volatile Instant busySince;
    /** Evaluation steps taken (batches and ticks), numbering the input journal's steps. Evaluation thread only. */
    private long steps;

    public EvaluationLoop(
            BoundedEvaluationQueue queue,
            RulePackProvider packs,
            DecisionPipeline pipeline,
            EvaluationConfig config,
            RulesConfig rulesConfig,
            Clock clock,
            InputJournal journal,
            MeterRegistry meters) {
        this.queue = queue;
        this.packs = packs;
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
        this.meters = meters;
        this.factsGauge = Gauge.builder("odpe.session.facts", factCount, AtomicLong::get)
                .description("Facts in the rule session's working memory")
                .register(meters);
    }

    void onStart(@Observes StartupEvent event) {
        if (!(packs.load() instanceof RulePackProvider.LoadState.Loaded loaded)) {
            return; // not ready; the queue stays closed so ingest answers 503 instead of accepting work it cannot do
        }
        RulePack pack = loaded.pack();
        RuleSession session = pack.newSession(rulesConfig.settings());
        journal.start(clock.instant(), pack.version(), rulesConfig.settings(), config.tick());
        Thread t = new Thread(() -> run(session), "odpe-evaluation");
        t.setDaemon(false);
        thread = t;
        t.start();
        queue.open();
    }

    void onStop(@Observes ShutdownEvent event) {
        meters.remove(factsGauge); // see IngestMetrics.removeGauges
        queue.close();
        stopping = true;
        Thread t = thread;
        if (t == null) {
            return;
        }
        try {
            t.join(config.drainTimeout().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            Log.errorf(
                    "Evaluation did not drain within %s; %d accepted batches were not evaluated",
                    config.drainTimeout(), queue.depth());
            t.interrupt();
        }
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

    private void run(RuleSession session) {
        Log.infof("Evaluation thread started with rule pack %s", session.ruleSetVersion());
        try (session) {
            while (!stopping || !queue.isEmpty()) {
                step(session);
            }
            Log.info("Evaluation thread stopped; queue drained");
        } catch (Error fatal) {
            Log.errorf(fatal, "Evaluation thread died; the engine now refuses alerts (503) and reports not live");
            throw fatal;
        } finally {
            queue.close(); // whatever ended the loop, ingest must stop answering 2xx for work nobody will do
        }
    }

    /** One turn: take the next batch (or an idle tick), move the clock, evaluate, decide. */
    private void step(RuleSession session) {
        IngestBatch batch = nextBatch();
        busySince = clock.instant();
        long step = ++steps;
        try {
            Instant now = clock.instant(); // the step's evaluation clock, also the journal's
            session.advanceTo(now);
            if (batch != null) {
                evaluate(session, batch, step, now);
            } else {
                List<RuleOutcome> outcomes = session.evaluate(); // expiries found by the clock move
                journalTick(step, now, outcomes);
                decideAll(session, outcomes, Context.root());
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

    private void evaluate(RuleSession session, IngestBatch batch, long step, Instant now) {
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
        if (batch.replay()) {
            replayedOutcomes.increment(outcomes.size()); // decided before the restart; the rules' state is what counts
            batch.callback().evaluated(DecisionPipeline.PUBLISHED);
            return;
        }
        batch.callback().evaluated(decideAll(session, outcomes, batch.trace()));
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

    /** Decides every outcome; the stage completes when all those decisions are published. */
    private CompletionStage<Void> decideAll(RuleSession session, List<RuleOutcome> outcomes, Context trigger) {
        if (outcomes.isEmpty()) {
            return DecisionPipeline.PUBLISHED;
        }
        CompletableFuture<?>[] published = new CompletableFuture<?>[outcomes.size()];
        for (int i = 0; i < published.length; i++) {
            RuleOutcome outcome = outcomes.get(i);
            published[i] = pipeline.decide(outcome, causesOf(session, outcome), session.ruleSetVersion(), trigger)
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
