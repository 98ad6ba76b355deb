/**
 * Ingest of Alertmanager webhooks: parse and validate the v4 body, map alerts to facts, drop repeats, queue one
 * batch per call.
 */
package dev.odpe.engine.ingest.alertmanager;
