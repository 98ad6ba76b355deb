/**
 * Which replica acts: {@link dev.odpe.engine.leader.Leadership} (is this replica the leader, listeners on gaining and
 * losing the lease, the fence checked right before every actuator call), its one implementation
 * {@link dev.odpe.engine.leader.LeadershipState} (a sole leader outside a cluster, or driven by the Lease election in
 * {@code adapter.lease}), the {@code odpe_leader} gauge and the readiness data naming the role. Uses only
 * {@code decision}, {@code http} and {@code config}; {@code ingest}, {@code evaluate}, {@code decide} and
 * {@code execute} may use it. See docs/operations/high-availability.md.
 */
package dev.odpe.engine.leader;
