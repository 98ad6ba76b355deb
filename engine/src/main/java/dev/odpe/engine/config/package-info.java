/**
 * What every feature shares: the injected Clock, and the start-up check that every set odpe.* name is
 * a known key. Settings live next to the feature they configure.
 */
package dev.odpe.engine.config;
