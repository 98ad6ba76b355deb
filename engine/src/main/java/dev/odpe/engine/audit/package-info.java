/**
 * Records every decision: the in-memory window behind the decisions API, the audit log line and the decision
 * stream.
 */
package dev.odpe.engine.audit;
