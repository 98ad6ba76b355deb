/**
 * Leader election on the Lease {@code odpe-engine-leader} (fabric8's {@code LeaderElector} with a {@code LeaseLock}):
 * drives the core {@code leader.LeadershipState}, labels the leader's pod for the ingest Service, and exits the
 * process when the lease is lost. See docs/operations/high-availability.md.
 */
package dev.odpe.engine.adapter.lease;
