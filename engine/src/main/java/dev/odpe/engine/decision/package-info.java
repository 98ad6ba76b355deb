/**
 * The vocabulary of a decision (causes, plans, verdicts, outcomes, the audited decision); imports no other
 * engine package.
 */
package dev.odpe.engine.decision;
