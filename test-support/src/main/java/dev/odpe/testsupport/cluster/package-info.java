/**
 * A cluster of packaged engines on loopback for failover tests and benchmarks: fabric8's mock API
 * server, engine pods with their own identities, the leader-labelled ingest Service, Alertmanager and
 * an Argo CD double. It must not depend on the engine's classes: everything is observed over HTTP,
 * logs and Kubernetes objects, as an operator would.
 */
package dev.odpe.testsupport.cluster;
