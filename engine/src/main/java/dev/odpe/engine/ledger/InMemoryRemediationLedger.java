package dev.odpe.engine.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ledger in this process's memory: the same fence within one process, gone with it. Only for dry-run,
 * tests and an explicit {@code odpe.ledger=memory}. At most {@code maxEntries} entries: past that the
 * oldest finished ones are forgotten first (in-flight ones never).
 */
public final class InMemoryRemediationLedger implements RemediationLedger {

    /** Same bound as the planner's memory by default. */
    public static final int DEFAULT_MAX_ENTRIES = 100_000;

    private final Clock clock;
    private final int maxEntries;
    /** By name, oldest commit first. */
    private final LinkedHashMap<String, LedgerEntry> entries = new LinkedHashMap<>();

    private final Map<String, String> nameByDecision = new LinkedHashMap<>();

    public InMemoryRemediationLedger(Clock clock) {
        this(clock, DEFAULT_MAX_ENTRIES);
    }

    public InMemoryRemediationLedger(Clock clock, int maxEntries) {
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    @Override
    public String describe() {
        return "memory (this process only: lost on restart, not shared between replicas)";
    }

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public synchronized LedgerResult.Commit commit(Remediation remediation) {
        String name = RemediationNames.of(remediation.idempotencyKey());
        LedgerEntry existing = entries.get(name);
        if (existing != null) {
            return new LedgerResult.AlreadyExists(
                    name,
                    existing.status().phase(),
                    existing.remediation().holder(),
                    existing.remediation().decisionId());
        }
        LedgerEntry entry = new LedgerEntry(name, remediation, RemediationStatus.pending(remediation.startedAt()));
        entries.put(name, entry);
        nameByDecision.put(remediation.decisionId(), name);
        forgetBeyondBound();
        return new LedgerResult.Created(entry);
    }

    @Override
    public synchronized LedgerResult.Update update(String decisionId, StatusUpdate update) {
        return updateNamed(nameByDecision.get(decisionId), decisionId, update);
    }

    @Override
    public synchronized LedgerResult.Update updateByIdempotencyKey(String idempotencyKey, StatusUpdate update) {
        LedgerEntry entry = entries.get(RemediationNames.of(idempotencyKey));
        return updateNamed(
                RemediationNames.of(idempotencyKey),
                entry == null ? idempotencyKey : entry.remediation().decisionId(),
                update);
    }

    private LedgerResult.Update updateNamed(String name, String decisionId, StatusUpdate update) {
        LedgerEntry entry = name == null ? null : entries.get(name);
        if (entry == null) {
            return new LedgerResult.NotFound(decisionId);
        }
        LedgerEntry updated = entry.withStatus(entry.status().with(update, clock.instant()));
        entries.put(name, updated);
        return new LedgerResult.Updated(updated);
    }

    @Override
    public synchronized LedgerResult.Listing list() {
        return new LedgerResult.Listed(new ArrayList<>(entries.values()));
    }

    @Override
    public synchronized LedgerResult.Deletion deleteFinishedBefore(Instant horizon) {
        int deleted = 0;
        Iterator<LedgerEntry> it = entries.values().iterator();
        while (it.hasNext()) {
            LedgerEntry entry = it.next();
            if (!entry.status().phase().inFlight() && entry.status().updatedAt().isBefore(horizon)) {
                it.remove();
                nameByDecision.remove(entry.remediation().decisionId());
                deleted++;
            }
        }
        return new LedgerResult.Deleted(deleted);
    }

    private void forgetBeyondBound() {
        Iterator<LedgerEntry> it = entries.values().iterator();
        while (entries.size() > maxEntries && it.hasNext()) {
            LedgerEntry entry = it.next();
            if (!entry.status().phase().inFlight()) {
                it.remove();
                nameByDecision.remove(entry.remediation().decisionId());
            }
        }
    }
}
