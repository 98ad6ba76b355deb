/** Turns each rule outcome into one audited decision in named steps: plan, execute, record, count. */
package dev.odpe.engine.decide;
