/**
 * The input journal: every input the evaluation thread evaluated, with its evaluation clock, as one JSON line
 * each on logger {@code dev.odpe.input} (and on Kafka when enabled), enough to replay the engine's decisions
 * through a pack ({@code odpe-rules replay}, docs/input-journal.md).
 */
package dev.odpe.engine.evaluate.journal;
