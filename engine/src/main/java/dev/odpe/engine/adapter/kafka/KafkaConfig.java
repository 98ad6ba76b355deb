package dev.odpe.engine.adapter.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Drift events in and decisions out over Kafka (docs/operations/kafka.md). Off by default: the engine
 * then creates no Kafka client and never connects. On: {@code odpe.kafka.enabled=true} plus
 * {@code kafka.bootstrap.servers}; any other client property as {@code kafka.<property>}.
 *
 * <p>Topic and group defaults live in application.properties, where the SmallRye channel definitions
 * read them too, so each default is written once.
 */
@ConfigMapping(prefix = "odpe.kafka")
public interface KafkaConfig {

    /** The one switch. */
    @WithDefault("false")
    boolean enabled();

    Topics topics();

    /** Consumer group of the drift-events channel. */
    String groupId();

    Decisions decisions();

    Restore restore();

    Replay replay();

    /** How long to wait before offering a drift event again when the evaluation queue is full. */
    @WithDefault("200ms")
    Duration offerRetry();

    /**
     * Drift records handed to evaluation whose decisions are not all on the decisions topic yet; at this
     * many, reading waits. Paces intake to what the decisions topic takes (instead of failing decisions at
     * {@code decisions.max-in-flight}) and bounds what a crash redelivers.
     */
    @WithDefault("1000")
    @Min(1)
    int maxUnacknowledged();

    /**
     * On shutdown, after evaluation drained: how long to wait for decisions still on their way to the
     * decisions topic, so that their drift records are committed before the consumer closes.
     */
    @WithDefault("10s")
    Duration publishDrainTimeout();

    interface Topics {

        /** In: drift CloudEvents (binary or structured). */
        String driftEvents();

        /** Dead letters: records that can never be evaluated, with the reason in header {@code odpe-reason}. */
        String deadLetters();

        /** Out: every decision as a CloudEvent {@code dev.odpe.decision}, keyed by target. */
        String decisions();

        /** Out: the input journal, one JSON record per message, in order (docs/input-journal.md). */
        String inputs();
    }

    interface Decisions {

        /** CloudEvents Kafka binding mode: {@code binary} ({@code ce_*} headers) or {@code structured}. */
        @WithDefault("binary")
        ContentMode contentMode();

        /** The CloudEvent {@code source} of decisions. */
        @WithDefault("urn:odpe:engine")
        URI source();

        /**
         * Decisions handed to the producer and not yet acknowledged by Kafka; beyond this, a decision's
         * publication fails at once (counted and logged) instead of queueing without bound.
         */
        @WithDefault("10000")
        @Min(1)
        int maxInFlight();
    }

    interface Restore {

        /**
         * Read the decisions topic back at start-up to restore idempotency keys and cooldowns, so a
         * redelivered event (or a repeated alert) after a restart is not acted on a second time.
         */
        @WithDefault("true")
        boolean enabled();

        /** How far back to read; unset: the longer of the planner's idempotency TTL and longest cooldown. */
        Optional<Duration> window();

        /** Give up reading after this long (logged; the engine starts without the restored state). */
        @WithDefault("30s")
        Duration timeout();
    }

    interface Replay {

        /**
         * At start-up, rebuild working memory from the drift events a previous run already committed
         * within this window (facts only: nothing is decided again). Should cover the rule pack's longest
         * drift correlation window; 0 turns replay off.
         */
        @WithDefault("30m")
        Duration window();

        /** Give up replaying after this long (logged; the engine starts with what it replayed). */
        @WithDefault("30s")
        Duration timeout();
    }

    enum ContentMode {
        binary,
        structured
    }
}
