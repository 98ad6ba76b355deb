package dev.odpe.engine.audit;

import dev.odpe.engine.decision.Decision;
import dev.odpe.engine.decision.Outcome;
import io.opentelemetry.api.trace.SpanContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

/**
 * Every decision, newest first: a bounded in-memory window for the API, and one structured log line
 * per decision (logger {@code dev.odpe.audit}, written by {@link AuditLogWriter} off the evaluation thread)
 * as the durable record to ship to a log store. Each decision and amendment also goes to the
 * {@link DecisionStream} (the Kafka decisions topic when enabled).
 */
@ApplicationScoped
public class AuditLog {

    private final int capacity;
    private final AuditLogWriter writer;
    private final DecisionStream stream;
    private final ArrayDeque<Decision> newestFirst = new ArrayDeque<>();

    public AuditLog(AuditConfig config, AuditLogWriter writer, DecisionStream stream) {
        this.capacity = config.capacity();
        this.writer = writer;
        this.stream = stream;
    }

    /**
     * Visible in the API at once; the log line follows on the writer's thread, in the same order.
     *
     * @return completes when the decision is on the decision stream
     */
    public CompletionStage<Void> record(Decision decision, SpanContext span) {
        synchronized (newestFirst) {
            newestFirst.addFirst(decision);
            if (newestFirst.size() > capacity) {
                newestFirst.removeLast();
            }
        }
        writer.write(decision, span);
        return stream.publish(decision, span, false);
    }

    /**
     * Records how a decision that was {@code IN_PROGRESS} ended: the in-memory entry is replaced (same
     * id, same place) and one more audit line is written. False if the decision has left the window.
     */
    public boolean amend(String decisionId, Outcome outcome, String detail) {
        Decision amended = null;
        synchronized (newestFirst) {
            List<Decision> rebuilt = new ArrayList<>(newestFirst.size());
            for (Decision d : newestFirst) {
                if (amended == null && d.id().equals(decisionId)) {
                    amended = d.withOutcome(outcome, detail);
                    rebuilt.add(amended);
                } else {
                    rebuilt.add(d);
                }
            }
            if (amended != null) {
                newestFirst.clear();
                newestFirst.addAll(rebuilt);
            }
        }
        if (amended == null) {
            return false;
        }
        writer.write(amended, SpanContext.getInvalid()); // the line carries the decision's trace id, no span
        stream.publish(amended, SpanContext.getInvalid(), true); // a failure is counted and logged by the stream
        return true;
    }

    /** Up to {@code limit} decisions matching {@code filter}, newest first. */
    public List<Decision> find(Predicate<Decision> filter, int limit) {
        List<Decision> page = new ArrayList<>(Math.min(limit, 64));
        synchronized (newestFirst) {
            Iterator<Decision> it = newestFirst.iterator();
            while (it.hasNext() && page.size() < limit) {
                Decision d = it.next();
                if (filter.test(d)) {
                    page.add(d);
                }
            }
        }
        return page;
    }

    public Optional<Decision> byId(String id) {
        return find(d -> d.id().equals(id), 1).stream().findFirst();
    }
}
