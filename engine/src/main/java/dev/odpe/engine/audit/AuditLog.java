package dev.odpe.engine.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.config.AuditConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Every decision, newest first: a bounded in-memory window for the API, and one structured log line
 * per decision (logger {@code dev.odpe.audit}) as the durable record to ship to a log store.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger AUDIT = Logger.getLogger("dev.odpe.audit");

    private final int capacity;
    private final ObjectMapper json;
    private final ArrayDeque<Decision> newestFirst = new ArrayDeque<>();

    public AuditLog(AuditConfig config, ObjectMapper json) {
        this.capacity = config.capacity();
        this.json = json;
    }

    public void record(Decision decision) {
        synchronized (newestFirst) {
            newestFirst.addFirst(decision);
            if (newestFirst.size() > capacity) {
                newestFirst.removeLast();
            }
        }
        AUDIT.infof("decision %s", toJson(decision));
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

    private String toJson(Decision decision) {
        try {
            return json.writeValueAsString(decision);
        } catch (JsonProcessingException e) {
            return decision.toString();
        }
    }
}
