/** Adapters to the outside world; they sit on top of the loop and nothing in the core imports them. */
package dev.odpe.engine.adapter;
