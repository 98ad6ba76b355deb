/**
 * The Argo CD rollback strategies (rollback API, Application patch) and the argocd-server client with its
 * circuit breaker.
 */
package dev.odpe.engine.adapter.rollback.argocd;
