package dev.odpe.engine.plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers when a key was last recorded, for at most {@code ttl} and at most {@code maxEntries}
 * keys (oldest forgotten first), so planner memory stays bounded however many targets exist.
 * Not thread-safe: only the evaluation thread plans.
 */
final class ExpiringLedger {

    private final Duration ttl;
    private final int maxEntries;
    private final LinkedHashMap<String, Instant> entries = new LinkedHashMap<>();

    ExpiringLedger(Duration ttl, int maxEntries) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /** When {@code key} was recorded, unless that is longer ago than the ttl. */
    Optional<Instant> lastRecorded(String key, Instant now) {
        evictExpired(now);
        return Optional.ofNullable(entries.get(key));
    }

    void record(String key, Instant now) {
        entries.remove(key); // re-insert so iteration order stays oldest-first
        entries.put(key, now);
        while (entries.size() > maxEntries) {
            Iterator<Map.Entry<String, Instant>> oldest = entries.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
    }

    void forget(String key) {
        entries.remove(key);
    }

    int size() {
        return entries.size();
    }

    private void evictExpired(Instant now) {
        Instant horizon = now.minus(ttl);
        Iterator<Map.Entry<String, Instant>> it = entries.entrySet().iterator();
        while (it.hasNext() && !it.next().getValue().isAfter(horizon)) {
            it.remove();
        }
    }
}
