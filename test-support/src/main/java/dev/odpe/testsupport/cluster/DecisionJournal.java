package dev.odpe.testsupport.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Every decision any engine process of a cluster audited, read from their consoles (the
 * {@code dev.odpe.audit} JSON log line, the engine's durable record) as they write them: it outlives
 * the processes, so what a killed leader decided is still known after the kill.
 */
public final class DecisionJournal {

    /**
     * One audited decision.
     *
     * @param pod     the pod (engine identity) whose process recorded it
     * @param process which process of that pod (0 the first, 1 after its first restart, …)
     * @param id      the decision's id; an amended outcome (a rollback that ended) is logged again under it
     * @param seen    when the test JVM read the line (same clock as its kill times)
     */
    public record Entry(
            String pod,
            int process,
            String id,
            Instant time,
            Instant seen,
            String actionType,
            String target,
            String outcome,
            String idempotencyKey,
            String rule,
            List<String> causes) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AUDIT_LOGGER = "dev.odpe.audit";
    private static final String PREFIX = "decision ";

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** Records {@code line} if it is an audit line; false for any other console line. */
    boolean accept(String pod, int process, String line, Instant seen) {
        if (!line.contains(AUDIT_LOGGER) || !line.startsWith("{")) {
            return false;
        }
        try {
            JsonNode log = JSON.readTree(line);
            String message = log.path("message").asText("");
            if (!AUDIT_LOGGER.equals(log.path("loggerName").asText()) || !message.startsWith(PREFIX)) {
                return false;
            }
            JsonNode decision = JSON.readTree(message.substring(PREFIX.length()));
            List<String> causes = new ArrayList<>();
            decision.path("causes").forEach(cause -> causes.add(cause.asText()));
            entries.add(new Entry(
                    pod,
                    process,
                    decision.path("id").asText(),
                    Instant.parse(decision.path("time").asText()),
                    seen,
                    decision.path("action").path("type").asText(),
                    decision.path("target").asText(),
                    decision.path("outcome").asText(),
                    decision.path("idempotencyKey").asText(),
                    decision.path("rule").asText(),
                    causes));
            return true;
        } catch (IOException | RuntimeException notADecision) {
            return false;
        }
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public List<Entry> matching(Predicate<Entry> filter) {
        return entries.stream().filter(filter).toList();
    }
}
