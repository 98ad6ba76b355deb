package dev.odpe.scaler;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;

/**
 * A live rule intent to run {@code step} more replicas until {@code expiresAt}, never more than
 * {@code maxBoost} extra replicas in total (from a {@code ScalePool} action).
 */
public record Boost(int step, int maxBoost, String reason, Instant expiresAt) {

    public Boost {
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (step < 0 || maxBoost < 0) {
            throw new IllegalArgumentException("step and maxBoost must be >= 0: " + step + ", " + maxBoost);
        }
    }

    public boolean liveAt(Instant now) {
        return now.isBefore(expiresAt);
    }

    /**
     * Extra replicas from all boosts live at {@code now}: the sum of their steps, capped by the
     * smallest {@code maxBoost} among them — each intent promised "never more than maxBoost in
     * total", so the total must keep every live intent's promise.
     */
    public static int total(Collection<Boost> boosts, Instant now) {
        long sum = 0;
        int cap = Integer.MAX_VALUE;
        for (Boost boost : boosts) {
            if (boost.liveAt(now)) {
                sum += boost.step();
                cap = Math.min(cap, boost.maxBoost());
            }
        }
        return (int) Math.min(sum, cap);
    }

    public static boolean anyLive(Collection<Boost> boosts, Instant now) {
        return boosts.stream().anyMatch(b -> b.liveAt(now));
    }
}
