/** Liveness and readiness checks over the evaluation thread and the rule pack. */
package dev.odpe.engine.health;
