package dev.odpe.engine.config;

/**
 * Priorities of the {@code ShutdownEvent} observers that must run in order (lower runs first; an
 * observer without {@code @Priority} has 2500). What happens after all of them: {@code @PreDestroy}
 * (the audit writer's flush), then the JVM exits.
 */
public final class ShutdownOrder {

    /** The evaluation loop closes its queue and evaluates what was accepted (the default priority). */
    public static final int EVALUATION_DRAIN = 2500;

    /** Work that needs the last accepted batch evaluated: publishing its decisions, sharing its intents. */
    public static final int AFTER_EVALUATION_DRAINED = 3000;

    /** Giving up leadership: after everything the leader still had to finish. */
    public static final int RELEASE_LEADERSHIP = 4000;

    private ShutdownOrder() {}
}
