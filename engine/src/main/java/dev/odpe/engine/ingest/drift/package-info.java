/**
 * Ingest of model drift events as CloudEvents (ODPE, alibi-detect and Evidently shapes) into drift facts, over
 * HTTP and for the Kafka adapter.
 */
package dev.odpe.engine.ingest.drift;
