package dev.odpe.engine.adapter.ledger;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether the fabric8 client points at a real cluster (in-cluster account, kubeconfig or explicit URL).
 * The same test as {@code adapter.keda}'s (adapters do not import each other).
 */
final class KubernetesCluster {

    /** fabric8's master URL when neither kubeconfig, in-cluster account nor explicit URL is found. */
    private static final String FABRIC8_DEFAULT_MASTER = "https://kubernetes.default.svc";

    private KubernetesCluster() {}

    static boolean configured(KubernetesClient client) {
        String master = client.getConfiguration().getMasterUrl();
        return System.getenv("KUBERNETES_SERVICE_HOST") != null
                || (master != null && !master.startsWith(FABRIC8_DEFAULT_MASTER));
    }
}
