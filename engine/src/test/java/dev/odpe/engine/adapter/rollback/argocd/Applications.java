package dev.odpe.engine.adapter.rollback.argocd;

/** Realistic Argo CD Application JSON for tests: bert-serving, Helm parameter model.version, deployments 6, 7, 8. */
public final class Applications {

    private Applications() {}

    public static String bertServing(String liveVersion, String phase, String startedAt) {
        return """
                {"metadata":{"name":"bert-serving","namespace":"argocd"},
                 "spec":{"project":"ml-models","source":{"repoURL":"https://git.example.com/ml/gitops.git",
                   "path":"models/bert","targetRevision":"main",
                   "helm":{"parameters":[{"name":"model.version","value":"%s"}]}},
                   "destination":{"server":"https://kubernetes.default.svc","namespace":"ml-serving"}},
                 "status":{"sync":{"status":"Synced"},"health":{"status":"Healthy"},
                   "operationState":{"phase":"%s","startedAt":"%s","message":"successfully synced"},
                   "history":[
                     {"id":1,"revision":"a1f0c3","deployedAt":"2026-11-20T10:00:00Z",
                      "source":{"helm":{"parameters":[{"name":"model.version","value":"6"}]}}},
                     {"id":2,"revision":"b2e1d4","deployedAt":"2026-11-24T10:00:00Z",
                      "source":{"helm":{"parameters":[{"name":"model.version","value":"7"}]}}},
                     {"id":3,"revision":"c3d2e5","deployedAt":"2026-11-27T10:00:00Z",
                      "source":{"helm":{"parameters":[{"name":"model.version","value":"8"}]}}}]}}
                """.formatted(liveVersion, phase, startedAt);
    }
}
