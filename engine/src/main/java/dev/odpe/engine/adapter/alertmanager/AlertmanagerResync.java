package dev.odpe.engine.adapter.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.decision.AlertChange;
import dev.odpe.engine.evaluate.BatchCallback;
import dev.odpe.engine.evaluate.EvaluationQueue;
import dev.odpe.engine.evaluate.FiringSnapshot;
import dev.odpe.engine.evaluate.IngestBatch;
import dev.odpe.engine.ingest.alertmanager.AlertmanagerAlertMapper;
import dev.odpe.engine.ingest.alertmanager.MappedAlert;
import dev.odpe.engine.ingest.drift.DriftFacts;
import dev.odpe.engine.leader.Leadership;
import dev.odpe.rules.fact.AlertSignal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Level-triggered alert state: on start and every {@code odpe.alertmanager.resync-interval}, reads the
 * active alerts of every configured Alertmanager, merges them, and hands them to the evaluation thread
 * as a {@link FiringSnapshot}, which fires what working memory misses and resolves what Alertmanager no
 * longer holds. The webhook stays the fast path; this heals lost webhooks, lost resolves and restarts.
 * If any Alertmanager fails to answer, nothing is resolved that round.
 *
 * <p>Only the leader resyncs: the rounds start when this replica gains the lease (at start-up for the sole leader),
 * and a replica taking over waits for its first round to be handed to evaluation before it takes webhooks.
 */
@ApplicationScoped
public class AlertmanagerResync {

    static final String SOURCE = "alertmanager-resync";
    /** A resync the evaluation queue refused (full, or not open yet at start-up) is tried again this soon. */
    private static final Duration RETRY_REFUSED = Duration.ofSeconds(5);

    private final Optional<AlertmanagerApiSettings> settings;
    private final ObjectMapper json;
    private final EvaluationQueue queue;
    private final Clock clock;
    private final MeterRegistry meters;
    private final Leadership leadership;
    private final AlertmanagerAlertMapper mapper = new AlertmanagerAlertMapper();
    private final Timer duration;
    private final Counter fired;
    private final Counter resolved;
    private final Map<URI, Counter> failures = new LinkedHashMap<>();

    private AlertmanagerApiClient client;
    private ScheduledExecutorService timer;

    public AlertmanagerResync(
            AlertmanagerApiConfig config,
            ObjectMapper json,
            EvaluationQueue queue,
            Clock clock,
            MeterRegistry meters,
            Leadership leadership) {
        this.settings = AlertmanagerApiSettings.from(config);
        this.leadership = leadership;
        this.json = json;
        this.queue = queue;
        this.clock = clock;
        this.meters = meters;
        this.duration = Timer.builder("odpe.alertmanager.resync.duration")
                .description("Reading every Alertmanager's active alerts and handing them to evaluation")
                .register(meters);
        this.fired = changes("fired");
        this.resolved = changes("resolved");
    }

    void onStart(@Observes StartupEvent event) {
        if (settings.isEmpty()) {
            Log.info(
                    "Alertmanager resync is off (odpe.alertmanager.urls is not set): alert state comes from webhooks only");
            return;
        }
        AlertmanagerApiSettings s = settings.get();
        client = new AlertmanagerApiClient(s, json);
        s.urls()
                .forEach(url -> failures.put(
                        url,
                        Counter.builder("odpe.alertmanager.resync.failures")
                                .description(
                                        "Resyncs in which this Alertmanager did not answer (nothing was resolved then)")
                                .tag("url", url.toString())
                                .register(meters)));
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "odpe-alertmanager-resync");
            t.setDaemon(true);
            return t;
        });
        leadership.whenGained(this::startRounds);
        Log.infof(
                "Alertmanager resync every %s from %s%s (while this replica leads)",
                s.resyncInterval(),
                s.urls(),
                s.receiver().map(r -> " (receiver ~ " + r + ")").orElse(""));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /**
     * On gaining the lease (at once for the sole leader): the first round now, the others every interval. A replica
     * taking over waits for the first round to reach evaluation (bounded by the Alertmanager timeouts), so that it
     * knows every firing alert before it takes webhooks; the sole leader does not wait (start-up stays quick).
     */
    private void startRounds() {
        Future<?> first = timer.submit(this::resyncAndReschedule);
        if (leadership.isLeader()) {
            return;
        }
        AlertmanagerApiSettings s = settings.get();
        try {
            first.get(s.timeout().multipliedBy(s.urls().size()).plusSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Log.warnf("Alertmanager resync on taking over did not finish in time (%s); taking over anyway", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void resyncAndReschedule() {
        Duration next = settings.get().resyncInterval();
        try {
            if (!leadership.holdsLease()) {
                Log.debug("Alertmanager resync skipped: this replica does not hold the leader lease");
            } else if (!resync()) {
                next = RETRY_REFUSED.compareTo(next) < 0 ? RETRY_REFUSED : next;
            }
        } catch (RuntimeException e) {
            Log.errorf(e, "Alertmanager resync failed unexpectedly; trying again in %s", next);
        } finally {
            if (!timer.isShutdown()) {
                timer.schedule(this::resyncAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** One round: read, merge, hand over. False when the evaluation queue refused the snapshot. */
    boolean resync() {
        long start = System.nanoTime();
        FiringSnapshot snapshot = snapshot();
        boolean offered = queue.offer(IngestBatch.reconcile(SOURCE, clock.instant(), snapshot, new Counting()));
        duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (!offered) {
            Log.warnf("Alertmanager resync not evaluated: %s", queue.refusalReason());
        }
        return offered;
    }

    private FiringSnapshot snapshot() {
        Map<String, AlertSignal> merged = new LinkedHashMap<>();
        boolean complete = true;
        for (URI url : settings.get().urls()) {
            AlertmanagerApiClient.Fetch fetch = client.fetch(url);
            if (fetch instanceof AlertmanagerApiClient.Fetch.Failed failed) {
                complete = false;
                failures.get(url).increment();
                Log.warnf(
                        "Alertmanager %s did not answer the resync (%s); nothing is resolved this round",
                        url, failed.reason());
                continue;
            }
            for (ApiAlert alert : ((AlertmanagerApiClient.Fetch.Alerts) fetch).alerts()) {
                signalOf(alert)
                        .ifPresent(signal -> merged.merge(
                                signal.fingerprint(),
                                signal,
                                (a, b) -> a.startsAt().isAfter(b.startsAt()) ? a : b));
            }
        }
        return new FiringSnapshot(
                new ArrayList<>(merged.values()), fingerprint -> !DriftFacts.isDriftFact(fingerprint), complete);
    }

    /** The fact the webhook would have made of this alert; empty for alerts outside the label contract. */
    private Optional<AlertSignal> signalOf(ApiAlert alert) {
        if (!alert.active() || alert.startsAt() == null || alert.labels() == null) {
            return Optional.empty();
        }
        return mapper.map(alert.asFiring()) instanceof MappedAlert.Derived derived
                ? Optional.of(derived.signal())
                : Optional.empty();
    }

    private Counter changes(String kind) {
        return Counter.builder("odpe.alertmanager.resync.changes")
                .description("Changes a resync made to working memory, by kind")
                .tag("kind", kind)
                .register(meters);
    }

    /** Counts what the evaluation thread found to change; the decisions themselves are audited as usual. */
    private final class Counting implements BatchCallback {

        @Override
        public void reconciled(List<AlertChange> changes) {
            long firing =
                    changes.stream().filter(AlertChange.Fired.class::isInstance).count();
            fired.increment(firing);
            resolved.increment(changes.size() - firing);
            if (!changes.isEmpty()) {
                Log.infof(
                        "Alertmanager resync: %d alerts fired that working memory missed, %d resolved that "
                                + "Alertmanager no longer holds",
                        firing, changes.size() - firing);
            }
        }

        @Override
        public void evaluated(CompletionStage<Void> published) {}

        @Override
        public void failed(RuntimeException error) {}
    }
}
