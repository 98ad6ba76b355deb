/** What both ingest sources share: the webhook token, body limits, problem answers and the dedupe of repeats. */
package dev.odpe.engine.ingest;
