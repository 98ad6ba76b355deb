package dev.odpe.engine.adapter.lease;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Leader election between engine replicas on the Lease {@code odpe-engine-leader} in the pod's namespace. The three
 * durations bound how fast a new leader takes over (docs/operations/high-availability.md); they are checked at
 * start-up: {@code retry-period × 2.2 < renew-deadline < lease-duration}.
 */
@ConfigMapping(prefix = "odpe.leader-election")
public interface LeaseConfig {

    /** Unset: on when a cluster is configured (in-cluster account, kubeconfig or an explicit API server URL). */
    Optional<Boolean> enabled();

    /** How long a lease not renewed stays its holder's: a follower takes over only after this. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** The leader gives up (and exits) when it could not renew for this long; the fence closes with it. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** How often the leader renews and a follower tries to acquire. */
    @WithDefault("2s")
    Duration retryPeriod();
}
