package dev.odpe.engine.adapter.rollback.argocd;

/** Reads an Application as JSON (Argo CD's API or the Kubernetes API: same shape), for watching. */
public interface ApplicationReader {

    ApiCall application(ApplicationRef app);
}
