package dev.odpe.engine.ingest;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The alert states already handed to evaluation, so that Alertmanager's re-sends (repeat_interval,
 * HA peers, retries) are recognised. Bounded: at most {@code maxEntries}, each kept for {@code ttl};
 * insertion order equals expiry order, so the oldest are forgotten first.
 *
 * <p>Claiming the fresh keys, handing the batch off and remembering the keys happen under one lock:
 * two HA peers posting the same group at once are serialised, the second sees the first's keys only
 * if the first's batch was accepted, and a refused batch (queue full) leaves nothing behind, so its
 * retry is not mistaken for a duplicate. The hand-off must not block (queue {@code offer}).
 */
@Startup // so that bad odpe.webhook.dedupe.* values fail start-up, not the first request
@ApplicationScoped
public class SeenAlerts {

    /** What became of a batch: handed off, nothing new in it, or refused by the hand-off. */
    public enum Outcome { ACCEPTED, NOTHING_NEW, REFUSED }

    public record Admission<T>(Outcome outcome, List<T> fresh, List<T> duplicates) {}

    private final int maxEntries;
    private final Duration ttl;
    private final Clock clock;
    private final LinkedHashMap<DedupeKey, Instant> expiries = new LinkedHashMap<>();

    @Inject
    public SeenAlerts(WebhookConfig config, Clock clock) {
        this(config.dedupe().maxEntries(), config.dedupe().ttl(), clock);
    }

    public SeenAlerts(int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("odpe.webhook.dedupe needs max-entries >= 1 and a positive ttl, got "
                    + maxEntries + " and " + ttl);
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Splits {@code candidates} into fresh and duplicate (also within the batch), offers the fresh
     * ones to {@code handOff} and remembers their keys only if it returned true.
     */
    public synchronized <T> Admission<T> admit(List<T> candidates, Function<T, DedupeKey> keyOf,
                                               Predicate<List<T>> handOff) {
        Instant now = clock.instant();
        forgetExpired(now);
        List<T> fresh = new ArrayList<>();
        List<T> duplicates = new ArrayList<>();
        Set<DedupeKey> claimed = new HashSet<>();
        for (T candidate : candidates) {
            DedupeKey key = keyOf.apply(candidate);
            if (expiries.containsKey(key) || !claimed.add(key)) {
                duplicates.add(candidate);
            } else {
                fresh.add(candidate);
            }
        }
        if (fresh.isEmpty()) {
            return new Admission<>(Outcome.NOTHING_NEW, fresh, duplicates);
        }
        if (!handOff.test(List.copyOf(fresh))) {
            return new Admission<>(Outcome.REFUSED, fresh, duplicates);
        }
        Instant expiry = now.plus(ttl);
        claimed.forEach(key -> expiries.put(key, expiry));
        forgetOldestBeyondCapacity();
        return new Admission<>(Outcome.ACCEPTED, fresh, duplicates);
    }

    /** Read-only: whether {@code key} would count as a duplicate now (for the validate endpoint). */
    public synchronized boolean contains(DedupeKey key) {
        Instant expiry = expiries.get(key);
        return expiry != null && expiry.isAfter(clock.instant());
    }

    public synchronized int size() {
        return expiries.size();
    }

    private void forgetExpired(Instant now) {
        Iterator<Map.Entry<DedupeKey, Instant>> oldestFirst = expiries.entrySet().iterator();
        while (oldestFirst.hasNext() && !oldestFirst.next().getValue().isAfter(now)) {
            oldestFirst.remove();
        }
    }

    private void forgetOldestBeyondCapacity() {
        Iterator<DedupeKey> oldestFirst = expiries.keySet().iterator();
        while (expiries.size() > maxEntries && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }
}
