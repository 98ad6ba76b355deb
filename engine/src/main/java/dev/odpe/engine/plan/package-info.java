/**
 * The safety rails (dry-run, cooldowns, idempotency): decides what happens to a rule outcome without applying
 * anything.
 */
package dev.odpe.engine.plan;
