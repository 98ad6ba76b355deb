/**
 * Alertmanager adapter: its API as the source of truth for alerts, read on start and every resync interval
 * and reconciled into working memory.
 */
package dev.odpe.engine.adapter.alertmanager;
