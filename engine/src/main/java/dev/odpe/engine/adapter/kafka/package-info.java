/**
 * Kafka adapter: drift events in (at least once, dead letters), decisions out, and the restore of planner memory
 * at start-up.
 */
package dev.odpe.engine.adapter.kafka;
