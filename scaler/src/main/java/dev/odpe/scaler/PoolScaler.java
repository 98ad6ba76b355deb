package dev.odpe.scaler;

import dev.odpe.scaler.signal.SignalReading;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * Desired replicas for one pool, computed from a snapshot: trigger metadata, the latest signal
 * readings, live rule intents and the scale target's status. Pure: no clocks, no clients, no I/O.
 *
 * <p>Steps (scaler/README.md, "Semantics"): signal demand → base (at least minReplicas) → plus
 * boosts → pending-replica guard → clamp to [minReplicas, maxReplicas].
 */
public final class PoolScaler {

    /** Readings like 2.0000000001 from float arithmetic must not ask for a third replica. */
    private static final double CEIL_SLACK = 1e-9;

    private PoolScaler() {}

    /** The snapshot a decision is made from. {@code readings} answers from memory, never blocks. */
    public record Snapshot(
            ScalerMetadata metadata,
            Function<String, SignalReading> readings,
            Collection<Boost> boosts,
            Optional<TargetStatus> status,
            Instant now) {}

    /** The GetMetrics answer: desired replicas, or which signal is unavailable. */
    public static ScalingAnswer desired(Snapshot s) {
        ScalerMetadata m = s.metadata();
        StringJoiner why = new StringJoiner("; ");
        double demand = 0;
        for (SignalSpec signal : m.signals()) {
            SignalDemand d = demandOf(signal, s, why);
            if (d.unavailable != null) {
                return d.unavailable;
            }
            demand = Math.max(demand, d.replicas);
        }
        int signalReplicas = saturatedCeil(demand);
        int base = Math.max(signalReplicas, m.minReplicas());
        int boost = Boost.total(s.boosts(), s.now());
        int wanted = saturatedAdd(base, boost);
        int intentOnly = Math.min(saturatedAdd(m.minReplicas(), boost), m.maxReplicas());
        int guarded = PendingReplicaGuard.apply(wanted, intentOnly, s.status());
        int replicas = Math.max(m.minReplicas(), Math.min(guarded, m.maxReplicas()));
        why.add("base " + base + " + boost " + boost + " = " + wanted);
        if (guarded != wanted) {
            TargetStatus st = s.status().orElseThrow();
            why.add("held at " + guarded + " while " + st.readyReplicas() + "/" + st.specReplicas() + " ready");
        }
        why.add("within [" + m.minReplicas() + ", " + maxText(m) + "] -> " + replicas);
        boolean active = demand > m.activationThreshold() || Boost.anyLive(s.boosts(), s.now());
        return new ScalingAnswer.Desired(replicas, active, why.toString());
    }

    /**
     * The IsActive answer. A live intent makes the pool active on its own, even while a signal is
     * unavailable: the intent is reason enough to wake the pool.
     */
    public static ScalingAnswer activity(Snapshot s) {
        if (Boost.anyLive(s.boosts(), s.now())) {
            return new ScalingAnswer.Desired(0, true, "live rule intent");
        }
        return desired(s);
    }

    private record SignalDemand(double replicas, ScalingAnswer.Unavailable unavailable) {}

    private static SignalDemand demandOf(SignalSpec signal, Snapshot s, StringJoiner why) {
        String key = signal.kind().queryKey();
        SignalReading reading = s.readings().apply(signal.query());
        if (reading instanceof SignalReading.Pending pending) {
            return unavailable(key, "no reading yet (tracked since " + pending.since() + ")");
        }
        if (reading instanceof SignalReading.Failed failed) {
            return unavailable(key + " (" + failed.source() + ")", failed.reason() + " (since " + failed.since() + ")");
        }
        if (!(reading instanceof SignalReading.Value value)) {
            return unavailable(key, "no reading");
        }
        Duration age = Duration.between(value.observedAt(), s.now());
        if (age.compareTo(s.metadata().maxStaleness()) > 0) {
            return unavailable(
                    key,
                    "stale: last value observed at " + value.observedAt() + ", " + age.toSeconds()
                            + "s ago, older than maxStaleness "
                            + s.metadata().maxStaleness().toSeconds() + "s");
        }
        double load = value.value();
        if (Double.isNaN(load) && signal.kind().proportional()) {
            // histogram_quantile over a window without requests: no traffic, so no latency pressure.
            why.add(signal.kind().name().toLowerCase(Locale.ROOT) + " NaN (no requests) -> 0");
            return new SignalDemand(0, null);
        }
        if (Double.isNaN(load) || Double.isInfinite(load) || load < 0) {
            return unavailable(key, "query returned " + load + ", not a load");
        }
        double replicas;
        if (signal.kind().proportional()) {
            if (s.status().isEmpty()) {
                return unavailable(
                        key,
                        "latency scales proportionally and needs the scale target's ready "
                                + "replica count, which is not known (no cluster configured, or not read yet)");
            }
            int serving = Math.max(1, s.status().get().readyReplicas());
            replicas = serving * load / signal.perReplicaTarget();
        } else {
            replicas = load / signal.perReplicaTarget();
        }
        why.add(signal.kind().name().toLowerCase(Locale.ROOT) + " " + load + " / " + signal.perReplicaTarget()
                + (signal.kind().proportional() ? " x ready" : "") + " -> "
                + String.format(Locale.ROOT, "%.3f", replicas));
        return new SignalDemand(replicas, null);
    }

    private static SignalDemand unavailable(String source, String reason) {
        return new SignalDemand(0, new ScalingAnswer.Unavailable(source, reason));
    }

    private static int saturatedCeil(double value) {
        double ceiled = Math.ceil(value - CEIL_SLACK);
        return ceiled >= Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(0, ceiled);
    }

    private static int saturatedAdd(int a, int b) {
        long sum = (long) a + b;
        return sum > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) sum;
    }

    private static String maxText(ScalerMetadata m) {
        return m.maxReplicas() == Integer.MAX_VALUE ? "inf" : String.valueOf(m.maxReplicas());
    }
}
