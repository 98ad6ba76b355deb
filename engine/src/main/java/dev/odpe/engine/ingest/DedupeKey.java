package dev.odpe.engine.ingest;

import java.time.Instant;

/**
 * The identity of one alert state as Alertmanager re-sends it: same alert (fingerprint), same
 * episode (startsAt), same state (firing/resolved). A repeat of it carries no news. Drift events use
 * the CloudEvent's {@code source#id} as fingerprint and no startsAt (null).
 */
public record DedupeKey(String fingerprint, Instant startsAt, String status) {}
