/**
 * RollbackModel adapter: maps models to their strategy, runs rollbacks off the evaluation thread and amends and
 * verifies their decisions.
 */
package dev.odpe.engine.adapter.rollback;
