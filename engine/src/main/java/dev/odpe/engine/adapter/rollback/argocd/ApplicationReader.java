package dev.odpe.engine.adapter.rollback.argocd;

import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;

/** Reads an Application as JSON (Argo CD's API or the Kubernetes API: same shape), for watching. */
public interface ApplicationReader {

    ApiCall application(ApplicationRef app);
}
