/**
 * The one registration point for actuators and the dry-run recorder; applies planned actions and returns
 * failures as data.
 */
package dev.odpe.engine.execute;
