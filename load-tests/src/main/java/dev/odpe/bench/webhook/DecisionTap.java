package dev.odpe.bench.webhook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Reads the engine's console (JSON log lines) and reports each audited decision: the {@code time} the
 * engine recorded it and its cause fingerprints. This is the engine's own durable record, so the
 * benchmark needs no polling that would load the engine it measures.
 */
public final class DecisionTap {

    // In the engine's JSON console line the decision is an escaped JSON string inside "message".
    private static final String AUDIT_LOGGER_FIELD = "\"loggerName\":\"dev.odpe.audit\"";
    private static final String PREFIX = "\"message\":\"decision {";
    private static final String TIME_FIELD = "\\\"time\\\":\\\"";
    private static final String CAUSES_FIELD = "\\\"causes\\\":[";

    private final Map<String, Instant> recordedByCause = new ConcurrentHashMap<>();
    private volatile BiConsumer<String, Instant> listener = (cause, at) -> {};

    /** Called once per cause fingerprint of each decision, on the tap's thread. */
    public void onDecision(BiConsumer<String, Instant> listener) {
        this.listener = listener;
    }

    /** Starts a daemon thread that reads {@code console} to its end; other lines are ignored. */
    public Thread start(InputStream console, OutputStream copyTo) {
        Thread reader = new Thread(() -> read(console, copyTo), "decision-tap");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private void read(InputStream console, OutputStream copyTo) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(console, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!accept(line)) {
                    copyTo.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            // the engine was stopped: its console closed
        }
    }

    /**
     * True when {@code line} was an audit line (recorded), false for any other console line. Reads the
     * two fields it needs by position rather than parsing the line twice with Jackson: the tap shares
     * the machine with the engine, and its CPU must not count against the engine.
     */
    boolean accept(String line) {
        if (!line.contains(AUDIT_LOGGER_FIELD) || !line.contains(PREFIX)) {
            return false;
        }
        String time = between(line, TIME_FIELD, "\\\"");
        String causes = between(line, CAUSES_FIELD, "]");
        if (time == null || causes == null) {
            return false;
        }
        Instant recorded = Instant.parse(time);
        for (String cause : causes.split(",")) {
            String fingerprint = cause.replace("\\", "").replace("\"", "").trim();
            if (!fingerprint.isEmpty()) {
                recordedByCause.put(fingerprint, recorded);
                listener.accept(fingerprint, recorded);
            }
        }
        return true;
    }

    private static String between(String line, String opening, String closing) {
        int from = line.indexOf(opening);
        if (from < 0) {
            return null;
        }
        from += opening.length();
        int to = line.indexOf(closing, from);
        return to < 0 ? null : line.substring(from, to);
    }

    public int decisionsSeen() {
        return recordedByCause.size();
    }

    public Instant recordedAt(String cause) {
        return recordedByCause.get(cause);
    }
}
