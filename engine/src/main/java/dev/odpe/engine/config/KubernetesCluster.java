package dev.odpe.engine.config;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Whether the fabric8 client points at a real cluster (in-cluster account, kubeconfig or explicit URL). The
 * one test behind every "default: on in a cluster" setting (shared intents, target status, the ledger,
 * leader election), so they always agree.
 */
public final class KubernetesCluster {

    /** fabric8's master URL when neither kubeconfig, in-cluster account nor explicit URL is found. */
    private static final String FABRIC8_DEFAULT_MASTER = "https://kubernetes.default.svc";

    private KubernetesCluster() {}

    public static boolean configured(KubernetesClient client) {
        String master = client.getConfiguration().getMasterUrl();
        return System.getenv("KUBERNETES_SERVICE_HOST") != null
                || (master != null && !master.startsWith(FABRIC8_DEFAULT_MASTER));
    }
}
