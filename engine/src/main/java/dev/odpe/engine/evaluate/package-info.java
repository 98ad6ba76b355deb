/**
 * The one thread that owns the rule session and its clock, the bounded queue that feeds it, and the rule pack it
 * runs.
 */
package dev.odpe.engine.evaluate;
