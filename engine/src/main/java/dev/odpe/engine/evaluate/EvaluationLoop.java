package dev.odpe.engine.evaluate;

import dev.odpe.engine.config.ShutdownBudget;
import dev.odpe.engine.config.ShutdownOrder;
import dev.odpe.engine.decide.DecisionPipeline;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.decision.Cause;
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
    private final DecisionPipeline pipeline;
    private final EvaluationConfig config;
    private final RulesConfig rulesConfig;
    private final Clock clock;
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
    /** True once the thread stopped with every accepted batch evaluated; false if some were not. */
    private final CompletableFuture<Boolean> drained = new CompletableFuture<>();
    /** When the batch (or idle tick) being evaluated began; null while the thread waits for work. */
    private volatile Instant busySince;

    public EvaluationLoop(
            BoundedEvaluationQueue queue,
            RulePackProvider packs,
            DecisionPipeline pipeline,
            EvaluationConfig config,
            RulesConfig rulesConfig,
            Clock clock,
            MeterRegistry meters) {
        this.queue = queue;
        this.packs = packs;
        this.pipeline = pipeline;
        this.config = config;
        this.rulesConfig = rulesConfig;
        this.clock = clock;
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
        Thread t = new Thread(() -> run(session), "odpe-evaluation");
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

    private void run(RuleSession session) {
        Log.infof("Evaluation thread started with rule pack %s", session.ruleSetVersion());
        boolean drainedAll = false;
        try (session) {
            // Ends only when closed (stopping is set after the queue's close returned) and empty, or
            // when interrupted after the drain timeout.
            while ((!stopping || !queue.isEmpty()) && !Thread.currentThread().isInterrupted()) {
                step(session);
            }
            drainedAll = queue.isEmpty();
            Log.info(drainedAll ? "Evaluation thread stopped; queue drained" : "Evaluation thread interrupted");
        } catch (Error fatal) {
            Log.errorf(fatal, "Evaluation thread died; the engine now refuses alerts (503) and reports not live");
            throw fatal;
        } finally {
            queue.close(); // whatever ended the loop, ingest must stop answering 2xx for work nobody will do
            drained.complete(drainedAll);
        }
    }

    /** One turn: take the next batch (or an idle tick), move the clock, evaluate, decide. */
    private void step(RuleSession session) {
        IngestBatch batch = nextBatch();
        busySince = clock.instant();
        try {
            session.advanceTo(clock.instant());
            if (batch != null) {
                evaluate(session, batch);
            } else {
                decideAll(session, session.evaluate(), Context.root()); // expiries found by the clock move
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

    private void evaluate(RuleSession session, IngestBatch batch) {
        long start = System.nanoTime();
        for (AlertChange change : changesOf(session, batch)) {
            if (FactChanges.apply(session, change) == FactChanges.Applied.STALE_RESOLVE) {
                staleResolves.increment();
                Log.infof(
                        "Ignored a resolve of %s from %s: it started %s, before the firing in working memory",
                        change.fingerprint(), batch.source(), ((AlertChange.Resolved) change).startsAt());
            }
        }
        List<RuleOutcome> outcomes = session.evaluate();
        if (batch.replay()) {
            replayedOutcomes.increment(outcomes.size()); // decided before the restart; the rules' state is what counts
            batch.callback().evaluated(DecisionPipeline.PUBLISHED);
            return;
        }
        batch.callback().evaluated(decideAll(session, outcomes, batch.trace()));
        evaluationTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        decisionLag.record(Duration.between(batch.receivedAt(), clock.instant()));
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
