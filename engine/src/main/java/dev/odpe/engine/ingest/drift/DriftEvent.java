package dev.odpe.engine.ingest.drift;

import java.time.Instant;
import java.util.Objects;

/**
 * One drift detector result, whatever shape it arrived in. {@code drifted} false means the detector
 * looked and found no drift: it clears an earlier drift fact for the same model version.
 *
 * @param eventId   the CloudEvent's {@code source} and {@code id}: what makes a delivery a duplicate
 * @param feature   the feature that drifted, or null for a whole-dataset result
 * @param score     the detector's statistic (distance, p-value, share of drifted columns), or NaN
 * @param threshold the threshold it was compared with, or NaN
 */
public record DriftEvent(
        String eventId,
        String namespace,
        String model,
        String version,
        boolean drifted,
        String feature,
        double score,
        double threshold,
        String detector,
        Instant time) {

    public DriftEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(time, "time");
    }
}
