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
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The alert states already handed to evaluation, so that Alertmanager's re-sends (repeat_interval,
 * HA peers, retries) are recognised. Bounded: at most {@code maxEntries}, each kept for {@code ttl};
 * insertion order equals expiry order, so the oldest are forgotten first.
 *
 * <p>A repeat is not news, but it says the alert still fires: a refreshable repeat (a firing alert)
 * whose state was last handed off at least {@code refreshEvery} ago is handed off once more as a
 * refresh, which restarts the fact's expiry in the rule session and this entry's {@code ttl}. So an
 * alert that keeps firing never expires, and the webhook's fast path stays one map look-up for all
 * other repeats.
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
    public enum Outcome {
        ACCEPTED,
        NOTHING_NEW,
        REFUSED
    }

    /**
     * @param duplicates every candidate already seen (or twice in the batch)
     * @param refreshed  those duplicates that were handed off as refreshes
     */
    public record Admission<T>(Outcome outcome, List<T> fresh, List<T> duplicates, List<T> refreshed) {}

    /** When a state was handed off last and when it is forgotten. */
    private record Entry(Instant expiry, Instant handedOff) {}

    /** Default for callers without a refresh setting: well below any sensible ttl and repeat_interval. */
    public static final Duration DEFAULT_REFRESH_EVERY = Duration.ofHours(1);

    private final int maxEntries;
    private final Duration ttl;
    private final Duration refreshEvery;
    private final Clock clock;
    private final LinkedHashMap<DedupeKey, Entry> entries = new LinkedHashMap<>();

    @Inject
    public SeenAlerts(WebhookConfig config, Clock clock) {
        this(
                config.dedupe().maxEntries(),
                config.dedupe().ttl(),
                config.dedupe().refreshInterval(),
                clock);
    }

    public SeenAlerts(int maxEntries, Duration ttl, Clock clock) {
        this(maxEntries, ttl, DEFAULT_REFRESH_EVERY, clock);
    }

    public SeenAlerts(int maxEntries, Duration ttl, Duration refreshEvery, Clock clock) {
        if (maxEntries < 1 || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException(
                    "odpe.webhook.dedupe needs max-entries >= 1 and a positive ttl, got " + maxEntries + " and " + ttl);
        }
        if (refreshEvery.isNegative() || refreshEvery.isZero()) {
            throw new IllegalArgumentException(
                    "odpe.webhook.dedupe.refresh-interval must be positive, got " + refreshEvery);
        }
        this.maxEntries = maxEntries;
        this.ttl = ttl;
        this.refreshEvery = refreshEvery;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Splits {@code candidates} into fresh and duplicate (also within the batch), offers the fresh
     * ones to {@code handOff} and remembers their keys only if it returned true.
     */
    public synchronized <T> Admission<T> admit(
            List<T> candidates, Function<T, DedupeKey> keyOf, Predicate<List<T>> handOff) {
        return admit(candidates, keyOf, candidate -> false, (fresh, refreshes) -> handOff.test(fresh));
    }

    /**
     * Like {@link #admit(List, Function, Predicate)}, and a duplicate for which {@code refreshable} holds
     * and whose state was handed off {@code refreshEvery} ago or longer is handed off as a refresh (second
     * list) and its entry renewed. Only fresh candidates make a batch that the hand-off refuses
     * {@code REFUSED}; refused refreshes are simply tried again with the next repeat.
     */
    public synchronized <T> Admission<T> admit(
            List<T> candidates,
            Function<T, DedupeKey> keyOf,
            Predicate<T> refreshable,
            BiPredicate<List<T>, List<T>> handOff) {
        Instant now = clock.instant();
        forgetExpired(now);
        List<T> fresh = new ArrayList<>();
        List<T> duplicates = new ArrayList<>();
        List<T> refreshes = new ArrayList<>();
        Set<DedupeKey> claimed = new HashSet<>();
        Set<DedupeKey> renewed = new HashSet<>();
        for (T candidate : candidates) {
            DedupeKey key = keyOf.apply(candidate);
            Entry seen = entries.get(key);
            if (seen == null && claimed.add(key)) {
                fresh.add(candidate);
                continue;
            }
            duplicates.add(candidate);
            if (seen != null
                    && !seen.handedOff().plus(refreshEvery).isAfter(now)
                    && refreshable.test(candidate)
                    && renewed.add(key)) {
                refreshes.add(candidate);
            }
        }
        if (fresh.isEmpty() && refreshes.isEmpty()) {
            return new Admission<>(Outcome.NOTHING_NEW, fresh, duplicates, List.of());
        }
        if (!handOff.test(List.copyOf(fresh), List.copyOf(refreshes))) {
            return new Admission<>(
                    fresh.isEmpty() ? Outcome.NOTHING_NEW : Outcome.REFUSED, fresh, duplicates, List.of());
        }
        Entry entry = new Entry(now.plus(ttl), now);
        renewed.forEach(key -> entries.remove(key)); // re-inserted last: insertion order stays expiry order
        renewed.forEach(key -> entries.put(key, entry));
        claimed.forEach(key -> entries.put(key, entry));
        forgetOldestBeyondCapacity();
        return new Admission<>(fresh.isEmpty() ? Outcome.NOTHING_NEW : Outcome.ACCEPTED, fresh, duplicates, refreshes);
    }

    /** Read-only: whether {@code key} would count as a duplicate now (for the validate endpoint). */
    public synchronized boolean contains(DedupeKey key) {
        Entry entry = entries.get(key);
        return entry != null && entry.expiry().isAfter(clock.instant());
    }

    public synchronized int size() {
        return entries.size();
    }

    private void forgetExpired(Instant now) {
        Iterator<Map.Entry<DedupeKey, Entry>> oldestFirst = entries.entrySet().iterator();
        while (oldestFirst.hasNext() && !oldestFirst.next().getValue().expiry().isAfter(now)) {
            oldestFirst.remove();
        }
    }

    private void forgetOldestBeyondCapacity() {
        Iterator<DedupeKey> oldestFirst = entries.keySet().iterator();
        while (entries.size() > maxEntries && oldestFirst.hasNext()) {
            oldestFirst.next();
            oldestFirst.remove();
        }
    }
}
