/** What every feature shares: the injected Clock. Settings live next to the feature they configure. */
package dev.odpe.engine.config;
