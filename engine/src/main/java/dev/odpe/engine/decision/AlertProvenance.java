package dev.odpe.engine.decision;

import java.time.Instant;
import java.util.Map;

/**
 * What the rules do not read of an alert, as it was received: its labels, annotations and
 * {@code endsAt}. Carried beside an {@link AlertChange} for the input journal only.
 */
public record AlertProvenance(Map<String, String> labels, Map<String, String> annotations, Instant endsAt) {}
