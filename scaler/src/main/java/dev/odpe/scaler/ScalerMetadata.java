package dev.odpe.scaler;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A KEDA trigger's {@code metadata}, typed. Keys and defaults are listed in scaler/README.md.
 *
 * @param maxReplicas {@link Integer#MAX_VALUE} when not set (KEDA's own maxReplicaCount still applies)
 */
public record ScalerMetadata(
        String namespace,
        String pool,
        List<SignalSpec> signals,
        double activationThreshold,
        int minReplicas,
        int maxReplicas,
        Duration maxStaleness) {

    public static final String POOL = "pool";
    public static final String ACTIVATION_THRESHOLD = "activationThreshold";
    public static final String MIN_REPLICAS = "minReplicas";
    public static final String MAX_REPLICAS = "maxReplicas";
    public static final String MAX_STALENESS = "maxStaleness";
    public static final Duration DEFAULT_MAX_STALENESS = Duration.ofSeconds(60);
    /** The longest value accepted (a long PromQL query fits easily; a pasted file does not). */
    public static final int MAX_VALUE_CHARS = 4096;

    /**
     * Keys KEDA itself may put into an external trigger's metadata; accepted and ignored. Any other
     * unknown key is rejected, so a typo such as {@code queueTraget} fails loudly instead of
     * silently scaling on the wrong numbers.
     */
    static final Set<String> KEDA_KEYS =
            Set.of("scalerAddress", "enableTLS", "unsafeSsl", "tlsCertFile", "caCert", "tlsClientCert", "tlsClientKey");

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    public ScalerMetadata {
        signals = List.copyOf(signals);
    }

    public String metricName() {
        return MetricNames.forPool(namespace, pool);
    }

    public boolean hasSignals() {
        return !signals.isEmpty();
    }

    /**
     * @param scaledObjectNamespace the ScaledObject's namespace: the pool's namespace, as in the
     *                              rules' {@code namespace} label
     * @throws InvalidMetadataException naming the first key that is missing or wrong
     */
    public static ScalerMetadata parse(Map<String, String> metadata, String scaledObjectNamespace) {
        if (scaledObjectNamespace == null || scaledObjectNamespace.isBlank()) {
            throw new InvalidMetadataException("namespace", "the ScaledObjectRef carries no namespace");
        }
        rejectUnknownKeys(metadata);
        rejectUnreadableValues(metadata);
        String pool = required(metadata, POOL);
        List<SignalSpec> signals = new ArrayList<>();
        for (SignalKind kind : SignalKind.values()) {
            signal(metadata, kind, signals);
        }
        double activation = optionalDouble(metadata, ACTIVATION_THRESHOLD, 0);
        if (activation < 0 || Double.isInfinite(activation)) {
            throw new InvalidMetadataException(ACTIVATION_THRESHOLD, "must be a finite number >= 0, got " + activation);
        }
        int min = optionalInt(metadata, MIN_REPLICAS, 0);
        int max = optionalInt(metadata, MAX_REPLICAS, Integer.MAX_VALUE);
        if (max < 1 || max < min) {
            throw new InvalidMetadataException(
                    MAX_REPLICAS, "must be >= 1 and >= minReplicas (" + min + "), got " + max);
        }
        Duration staleness = optionalDuration(metadata, MAX_STALENESS, DEFAULT_MAX_STALENESS);
        return new ScalerMetadata(scaledObjectNamespace, pool, signals, activation, min, max, staleness);
    }

    private static void rejectUnknownKeys(Map<String, String> metadata) {
        // In key order, so the same metadata always names the same key (a map's own order may vary)
        for (String key : new TreeSet<>(metadata.keySet())) {
            if (!isKnown(key)) {
                throw new InvalidMetadataException(
                        key,
                        "unknown key (known: pool, queueQuery/queueTarget, "
                                + "gpuQuery/gpuTarget, latencyQuery/latencyTarget, activationThreshold, minReplicas, "
                                + "maxReplicas, maxStaleness)");
            }
        }
    }

    /**
     * Values longer than {@value #MAX_VALUE_CHARS} characters, or with a control character other than
     * tab, line feed and carriage return (a YAML block scalar spreads a query over lines).
     */
    private static void rejectUnreadableValues(Map<String, String> metadata) {
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            String value = entry.getValue();
            if (value.length() > MAX_VALUE_CHARS) {
                throw new InvalidMetadataException(
                        entry.getKey(), "longer than " + MAX_VALUE_CHARS + " characters (" + value.length() + ")");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                    throw new InvalidMetadataException(
                            entry.getKey(), String.format("control character U+%04X at index %d", (int) c, i));
                }
            }
        }
    }

    private static boolean isKnown(String key) {
        if (KEDA_KEYS.contains(key)
                || Set.of(POOL, ACTIVATION_THRESHOLD, MIN_REPLICAS, MAX_REPLICAS, MAX_STALENESS)
                        .contains(key)) {
            return true;
        }
        for (SignalKind kind : SignalKind.values()) {
            if (kind.queryKey().equals(key) || kind.targetKey().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private static void signal(Map<String, String> metadata, SignalKind kind, List<SignalSpec> into) {
        String query = blankToNull(metadata.get(kind.queryKey()));
        String target = blankToNull(metadata.get(kind.targetKey()));
        if (query == null && target == null) {
            return;
        }
        if (query == null) {
            throw new InvalidMetadataException(kind.queryKey(), "missing, but " + kind.targetKey() + " is set");
        }
        if (target == null) {
            throw new InvalidMetadataException(kind.targetKey(), "missing, but " + kind.queryKey() + " is set");
        }
        double perReplica = parseDouble(kind.targetKey(), target);
        if (!(perReplica > 0) || Double.isInfinite(perReplica)) {
            throw new InvalidMetadataException(
                    kind.targetKey(),
                    "must be a finite positive number, got " + InvalidMetadataException.printable(target));
        }
        into.add(new SignalSpec(kind, query, perReplica));
    }

    private static String required(Map<String, String> metadata, String key) {
        String value = blankToNull(metadata.get(key));
        if (value == null) {
            throw new InvalidMetadataException(key, "required");
        }
        return value;
    }

    private static double optionalDouble(Map<String, String> metadata, String key, double fallback) {
        String value = blankToNull(metadata.get(key));
        return value == null ? fallback : parseDouble(key, value);
    }

    private static double parseDouble(String key, String value) {
        try {
            double parsed = Double.parseDouble(value);
            if (Double.isNaN(parsed)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidMetadataException(
                    key, "not a number: '" + InvalidMetadataException.printable(value) + "'");
        }
    }

    private static int optionalInt(Map<String, String> metadata, String key, int fallback) {
        String value = blankToNull(metadata.get(key));
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 0) {
                throw new InvalidMetadataException(key, "must be >= 0, got " + parsed);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidMetadataException(
                    key,
                    "not a whole number from 0 to " + Integer.MAX_VALUE + ": '"
                            + InvalidMetadataException.printable(value) + "'");
        }
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 ({@code PT1M}); must be positive. */
    private static Duration optionalDuration(Map<String, String> metadata, String key, Duration fallback) {
        String value = blankToNull(metadata.get(key));
        if (value == null) {
            return fallback;
        }
        Duration parsed;
        Matcher simple = SIMPLE_DURATION.matcher(value);
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                parsed = switch (simple.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                parsed = Duration.parse(value);
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new InvalidMetadataException(
                    key, "not a duration (e.g. 60s, 5m, PT1M): '" + InvalidMetadataException.printable(value) + "'");
        }
        if (parsed.isZero() || parsed.isNegative()) {
            throw new InvalidMetadataException(
                    key, "must be positive, got " + InvalidMetadataException.printable(value));
        }
        return parsed;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
