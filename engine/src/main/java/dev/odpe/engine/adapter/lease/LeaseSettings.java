package dev.odpe.engine.adapter.lease;

import java.time.Duration;

/**
 * The lease timings, checked: fabric8's {@code LeaderElector} needs {@code renewDeadline > retryPeriod × 2.2} (a
 * retry is jittered by up to 1.2 × the period) and {@code leaseDuration > renewDeadline}, so that a leader gives up
 * before any follower may take the lease: that gap is what makes the fence safe.
 */
record LeaseSettings(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

    /** fabric8's {@code LeaderElector.JITTER_FACTOR}. */
    private static final double JITTER = 1.2;

    LeaseSettings {
        requirePositive("lease-duration", leaseDuration);
        requirePositive("renew-deadline", renewDeadline);
        requirePositive("retry-period", retryPeriod);
        if (renewDeadline.compareTo(leaseDuration) >= 0) {
            throw new IllegalStateException("odpe.leader-election.renew-deadline (" + renewDeadline
                    + ") must be shorter than odpe.leader-election.lease-duration (" + leaseDuration
                    + "): a leader must give up before a follower may take the lease");
        }
        Duration jittered = retryPeriod.plusMillis((long) Math.ceil(retryPeriod.toMillis() * JITTER));
        if (renewDeadline.compareTo(jittered) <= 0) {
            throw new IllegalStateException("odpe.leader-election.renew-deadline (" + renewDeadline
                    + ") must be longer than 2.2 × odpe.leader-election.retry-period (" + retryPeriod
                    + "): renewals are retried every retry-period plus up to 1.2 × it of jitter");
        }
    }

    static LeaseSettings of(LeaseConfig config) {
        return new LeaseSettings(config.leaseDuration(), config.renewDeadline(), config.retryPeriod());
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalStateException("odpe.leader-election." + key + " must be positive, got " + value);
        }
    }
}
