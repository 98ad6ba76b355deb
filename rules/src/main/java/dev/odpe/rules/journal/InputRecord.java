package dev.odpe.rules.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.odpe.rules.fact.AlertSignal;
import dev.odpe.rules.fact.RulePackSettings;
import dev.odpe.rules.fact.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One line of the input journal (docs/input-journal.md): one input the engine's evaluation thread
 * evaluated, with the evaluation clock it was evaluated at. Records of one {@code step} were applied
 * together and the rules run once after them; a {@code start} record opens a new, empty session.
 *
 * @param schema      {@value #SCHEMA}; a reader refuses another major version
 * @param seq         the record's position in this process' journal, from 1
 * @param step        the evaluation step (one batch or one clock tick) the record belongs to
 * @param clock       the session clock of that step (the engine's clock when the step began)
 * @param kind        what the record is
 * @param source      where a change came from ({@code alertmanager}, {@code drift}, ...)
 * @param reconciled  true for a change computed against a source of truth's snapshot (a resync)
 * @param replayed    true for facts replayed at start-up: they rebuild working memory, nothing is decided on them
 * @param fingerprint the alert's fingerprint (changes)
 * @param alert       the fact ({@code fired}, {@code refreshed})
 * @param startsAt    the resolve's {@code startsAt} ({@code resolved}; may be absent)
 * @param labels      the alert's labels as received, when known (provenance, not replayed)
 * @param annotations the alert's annotations as received, when known (provenance, not replayed)
 * @param endsAt      the alert's {@code endsAt} as received, when known (provenance, not replayed)
 * @param pack        the version of the pack the session ran ({@code start})
 * @param settings    the settings fact of the session ({@code start})
 * @param tick        how often the idle engine moved its clock ({@code start})
 * @param outcomes    how many rule outcomes the step produced in the engine ({@code tick})
 * @param dropped     how many records were lost before this one ({@code gap})
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schema", "seq", "step", "clock", "kind", "source", "reconciled", "replayed", "fingerprint"})
public record InputRecord(
        String schema,
        long seq,
        long step,
        Instant clock,
        Kind kind,
        String source,
        Boolean reconciled,
        Boolean replayed,
        String fingerprint,
        Alert alert,
        Instant startsAt,
        Map<String, String> labels,
        Map<String, String> annotations,
        Instant endsAt,
        String pack,
        Settings settings,
        Duration tick,
        Integer outcomes,
        Long dropped) {

    /** The schema of this format; readers accept any {@code odpe.input/1} or {@code odpe.input/1.x}. */
    public static final String SCHEMA = "odpe.input/1";

    public enum Kind {
        /** A new rule session started (engine start-up): working memory is empty from here. */
        @JsonProperty("start")
        START,
        /** An alert fires (first time, or again with a new {@code startsAt}). */
        @JsonProperty("fired")
        FIRED,
        /** A repeat of a firing alert: re-inserted if the same firing is still in working memory. */
        @JsonProperty("refreshed")
        REFRESHED,
        /** An alert resolved. */
        @JsonProperty("resolved")
        RESOLVED,
        /** The clock moved with no input and the rules produced outcomes (an expiry, a time window). */
        @JsonProperty("tick")
        TICK,
        /** Records were lost (the journal's queue was full); a replay across it may differ. */
        @JsonProperty("gap")
        GAP
    }

    /** True for the kinds that change facts. */
    public boolean changesFacts() {
        return kind == Kind.FIRED || kind == Kind.REFRESHED || kind == Kind.RESOLVED;
    }

    /** The fields of an {@link AlertSignal}, with the signal as its label. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alert(
            String fingerprint,
            String alertName,
            Signal signal,
            String namespace,
            String pool,
            String model,
            String version,
            String severity,
            Instant startsAt) {

        public static Alert of(AlertSignal signal) {
            return new Alert(
                    signal.fingerprint(),
                    signal.alertName(),
                    signal.signal(),
                    signal.namespace(),
                    signal.pool(),
                    signal.model(),
                    signal.version(),
                    signal.severity(),
                    signal.startsAt());
        }

        public AlertSignal toSignal() {
            return new AlertSignal(fingerprint, alertName, signal, namespace, pool, model, version, severity, startsAt);
        }
    }

    /** {@link RulePackSettings} as written in the journal. */
    public record Settings(int scaleStep, Duration boostTtl, int maxBoost) {

        public static Settings of(RulePackSettings settings) {
            return new Settings(settings.scaleStep(), settings.boostTtl(), settings.maxBoost());
        }

        public RulePackSettings toSettings() {
            return new RulePackSettings(scaleStep, boostTtl, maxBoost);
        }
    }

    /** A session start: the pack, its settings and the idle tick. */
    public static InputRecord start(long seq, Instant clock, String pack, RulePackSettings settings, Duration tick) {
        return new InputRecord(
                SCHEMA,
                seq,
                0,
                clock,
                Kind.START,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                pack,
                Settings.of(settings),
                tick,
                null,
                null);
    }

    /** A firing alert, or a refresh of one. */
    public static InputRecord fired(
            long seq, long step, Instant clock, String source, boolean refresh, AlertSignal alert, Flags flags) {
        return new InputRecord(
                SCHEMA,
                seq,
                step,
                clock,
                refresh ? Kind.REFRESHED : Kind.FIRED,
                source,
                flags.reconciledOrNull(),
                flags.replayedOrNull(),
                alert.fingerprint(),
                Alert.of(alert),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A resolve; {@code startsAt} may be null. */
    public static InputRecord resolved(
            long seq, long step, Instant clock, String source, String fingerprint, Instant startsAt, Flags flags) {
        return new InputRecord(
                SCHEMA,
                seq,
                step,
                clock,
                Kind.RESOLVED,
                source,
                flags.reconciledOrNull(),
                flags.replayedOrNull(),
                fingerprint,
                null,
                startsAt,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    /** A clock move that produced outcomes. */
    public static InputRecord tick(long seq, long step, Instant clock, int outcomes) {
        return new InputRecord(
                SCHEMA, seq, step, clock, Kind.TICK, null, null, null, null, null, null, null, null, null, null, null,
                null, outcomes, null);
    }

    /** Records lost before this point. */
    public static InputRecord gap(long seq, Instant clock, long dropped) {
        return new InputRecord(
                SCHEMA, seq, 0, clock, Kind.GAP, null, null, null, null, null, null, null, null, null, null, null, null,
                null, dropped);
    }

    /** The same record at position {@code seq} of its journal. */
    public InputRecord withSeq(long seq) {
        return new InputRecord(
                schema,
                seq,
                step,
                clock,
                kind,
                source,
                reconciled,
                replayed,
                fingerprint,
                alert,
                startsAt,
                labels,
                annotations,
                endsAt,
                pack,
                settings,
                tick,
                outcomes,
                dropped);
    }

    /** The same record with the alert's labels, annotations and {@code endsAt} as received. */
    public InputRecord withProvenance(Map<String, String> labels, Map<String, String> annotations, Instant endsAt) {
        return new InputRecord(
                schema,
                seq,
                step,
                clock,
                kind,
                source,
                reconciled,
                replayed,
                fingerprint,
                alert,
                startsAt,
                sorted(labels),
                sorted(annotations),
                endsAt,
                pack,
                settings,
                tick,
                outcomes,
                dropped);
    }

    private static Map<String, String> sorted(Map<String, String> map) {
        return map == null || map.isEmpty() ? null : Collections.unmodifiableMap(new TreeMap<>(map));
    }

    /** How a change entered evaluation. */
    public record Flags(boolean reconciled, boolean replayed) {

        public static final Flags LIVE = new Flags(false, false);

        Boolean reconciledOrNull() {
            return reconciled ? Boolean.TRUE : null;
        }

        Boolean replayedOrNull() {
            return replayed ? Boolean.TRUE : null;
        }
    }

    /** True when facts of this record were replayed at start-up (nothing was decided on them). */
    public boolean wasReplayed() {
        return Boolean.TRUE.equals(replayed);
    }

    /** True when this change came from a reconciliation against a source of truth. */
    public boolean wasReconciled() {
        return Boolean.TRUE.equals(reconciled);
    }
}
