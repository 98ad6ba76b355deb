/**
 * The durable ledger of live actions: every live action is committed as a remediation before its
 * actuator runs, under a name derived from its idempotency key, so a second commit of the same key (by
 * this process after a restart, or by another replica) is refused: that is the fence. Its status follows
 * the action to its end; finished entries are deleted after a retention. The Kubernetes implementation
 * (a {@code Remediation} custom resource) is an adapter; the in-memory one is here.
 */
package dev.odpe.engine.ledger;
