/** The contract every rollback strategy implements and the values they share (target, version location, result). */
package dev.odpe.engine.adapter.rollback.strategy;
