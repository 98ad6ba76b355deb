package dev.odpe.engine.adapter.lease;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.logging.Log;
import java.net.HttpURLConnection;

/**
 * The label {@value #KEY}{@code =true} on the leader's pod, which the ingest Service {@code odpe-engine-ingest}
 * selects (the Patroni pattern): Alertmanager and drift detectors reach the leader and nobody else. The leader takes
 * the label from every other pod that still has it (a leader that died keeps its labels) and puts it on its own;
 * a replica starting as a follower takes it from itself (a restarted pod keeps its name and its labels). Merge
 * patches: RBAC needs pods get, list and patch in the engine's namespace.
 */
final class LeaderPodLabel {

    static final String KEY = "odpe.dev/leader";

    private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
    private static final String SET = "{\"metadata\":{\"labels\":{\"" + KEY + "\":\"true\"}}}";
    private static final String REMOVE = "{\"metadata\":{\"labels\":{\"" + KEY + "\":null}}}";

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;

    LeaderPodLabel(KubernetesClient client, String namespace, String pod) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
    }

    /** Takes the label from every other pod, then puts it on this one. False if this pod could not be labelled. */
    boolean claim() {
        for (Pod other : client.pods()
                .inNamespace(namespace)
                .withLabel(KEY, "true")
                .list()
                .getItems()) {
            String name = other.getMetadata().getName();
            if (!name.equals(pod)) {
                patch(name, REMOVE);
                Log.infof("Leadership: took label %s from pod %s (no longer the leader)", KEY, name);
            }
        }
        if (!patch(pod, SET)) {
            return false;
        }
        Log.infof("Leadership: labelled pod %s/%s %s=true; the ingest Service now routes to it", namespace, pod, KEY);
        return true;
    }

    /** Takes the label from this pod, if it has one. */
    void release() {
        Pod self = client.pods().inNamespace(namespace).withName(pod).get();
        if (self != null
                && self.getMetadata().getLabels() != null
                && self.getMetadata().getLabels().containsKey(KEY)) {
            patch(pod, REMOVE);
            Log.infof("Leadership: took label %s from this pod %s (a follower)", KEY, pod);
        }
    }

    /** False when the pod does not exist (the engine runs outside a pod against a cluster). */
    private boolean patch(String name, String body) {
        try {
            client.pods().inNamespace(namespace).withName(name).patch(MERGE, body);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                Log.warnf("Leadership: no pod %s/%s to label; the ingest Service cannot route to it", namespace, name);
                return false;
            }
            throw e;
        }
    }
}
