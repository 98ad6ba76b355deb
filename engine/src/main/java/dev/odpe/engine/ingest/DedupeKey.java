package dev.odpe.engine.ingest;

import java.time.Instant;

/**
 * The identity of one alert state as Alertmanager re-sends it: same alert (fingerprint), same
 * episode (startsAt), same state (firing/resolved). A repeat of it carries no news.
 */
public record DedupeKey(String fingerprint, Instant startsAt, String status) {}
