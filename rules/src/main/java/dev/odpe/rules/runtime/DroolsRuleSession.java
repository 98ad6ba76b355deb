package dev.odpe.rules.runtime;

import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.time.SessionPseudoClock;

/**
 * {@link RuleSession} over a stream-mode KieSession with a pseudo clock that only its owner moves.
 *
 * <p>Time: the clock starts at the epoch and jumps to the first {@link #advanceTo} (or to the first
 * alert's {@code startsAt} when an alert comes before any advance). Earlier instants are ignored:
 * time never goes back. An alert's event time is the clock when it was (last) fired; its expiry
 * ({@code @expires} in the pack) counts from there.
 */
public final class DroolsRuleSession implements RuleSession {

    private final KieSession kie;
    private final SessionPseudoClock clock;
    private final String version;
    private final Map<String, FactHandle> alerts = new HashMap<>();
    private final OutcomeRecorder recorder;
    private boolean clockStarted;
    private long lastSweep;

    private static final long SWEEP_INTERVAL_MS = 60_000;

    DroolsRuleSession(KieSession kie, RulePackSettings settings, String version) {
        this.kie = kie;
        this.clock = kie.getSessionClock();
        this.version = version;
        this.recorder = new OutcomeRecorder(this::forgetDeleted);
        kie.addEventListener(recorder);
        kie.addEventListener(recorder.agendaListener);
        kie.insert(settings);
    }

    @Override
    public void advanceTo(Instant now) {
        clockStarted = true;
        long delta = now.toEpochMilli() - clock.getCurrentTime();
        if (delta > 0) {
            clock.advanceTime(delta, TimeUnit.MILLISECONDS);
        }
    }

    /** The session's current time. */
    public Instant now() {
        return Instant.ofEpochMilli(clock.getCurrentTime());
    }

    @Override
    public void fire(AlertSignal alert) {
        Objects.requireNonNull(alert, "alert");
        if (!clockStarted) {
            advanceTo(alert.startsAt());
        }
        FactHandle previous = alerts.remove(alert.fingerprint());
        if (previous != null && isLive(previous)) {
            kie.delete(previous);
        }
        alerts.put(alert.fingerprint(), kie.insert(alert));
    }

    @Override
    public boolean resolve(String fingerprint) {
        FactHandle handle = alerts.remove(fingerprint);
        if (handle == null || !isLive(handle)) {
            return false;
        }
        kie.delete(handle);
        return true;
    }

    @Override
    public Resolution resolve(String fingerprint, Instant startsAt) {
        Optional<AlertSignal> firing = firingAlert(fingerprint);
        if (firing.isEmpty()) {
            return Resolution.UNKNOWN;
        }
        if (startsAt != null && startsAt.isBefore(firing.get().startsAt())) {
            return Resolution.STALE;
        }
        return resolve(fingerprint) ? Resolution.RETRACTED : Resolution.UNKNOWN;
    }

    @Override
    public Optional<AlertSignal> firingAlert(String fingerprint) {
        FactHandle handle = alerts.get(fingerprint);
        return handle == null ? Optional.empty() : Optional.ofNullable((AlertSignal) kie.getObject(handle));
    }

    @Override
    public List<AlertSignal> firingAlerts() {
        List<AlertSignal> firing = new ArrayList<>(alerts.size());
        for (FactHandle handle : alerts.values()) {
            if (isLive(handle)) {
                firing.add((AlertSignal) kie.getObject(handle));
            }
        }
        return firing;
    }

    @Override
    public List<RuleOutcome> evaluate() {
        kie.fireAllRules();
        sweepExpiredAlerts();
        return recorder.drain();
    }

    @Override
    public List<RuleOutcome.Emitted> liveIntents() {
        return recorder.live();
    }

    @Override
    public long factCount() {
        return kie.getFactCount();
    }

    /** Number of firing alerts the session knows (resolved ones at once, expired ones within a minute). */
    public int alertCount() {
        return alerts.size();
    }

    @Override
    public String ruleSetVersion() {
        return version;
    }

    @Override
    public void close() {
        kie.dispose();
    }

    /** An alert left working memory without us deleting it: forget its fingerprint unless it was replaced. */
    private void forgetDeleted(AlertSignal alert, FactHandle handle) {
        alerts.remove(alert.fingerprint(), handle);
    }

    /**
     * Drools does not report event expiry to RuleRuntimeEventListeners, so fingerprints of expired
     * alerts are swept here; once per {@link #SWEEP_INTERVAL_MS} of session time keeps it O(1) amortised.
     */
    private void sweepExpiredAlerts() {
        long now = clock.getCurrentTime();
        if (now - lastSweep < SWEEP_INTERVAL_MS) {
            return;
        }
        lastSweep = now;
        alerts.values().removeIf(handle -> !isLive(handle));
    }

    private boolean isLive(FactHandle handle) {
        return kie.getObject(handle) != null;
    }
}
