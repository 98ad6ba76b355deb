package dev.odpe.engine.adapter.keda;

import dev.odpe.scaler.TargetStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a ScaledObject's scale target and its replica counts from the API server. Blocking: called
 * only from {@link TargetStatusCache}'s background thread, never from an RPC.
 */
final class ScaleTargetReader {

    static final ResourceDefinitionContext SCALED_OBJECTS = new ResourceDefinitionContext.Builder()
            .withGroup("keda.sh")
            .withVersion("v1alpha1")
            .withKind("ScaledObject")
            .withPlural("scaledobjects")
            .withNamespaced(true)
            .build();

    /** The answer for one ScaledObject: counts, or why there are none. */
    sealed interface Read {
        record Found(String target, TargetStatus status) implements Read {}

        record Missing(String reason) implements Read {}
    }

    private final KubernetesClient client;

    ScaleTargetReader(KubernetesClient client) {
        this.client = client;
    }

    Read read(ScaledObjectId id) {
        GenericKubernetesResource scaledObject = client.genericKubernetesResources(SCALED_OBJECTS)
                .inNamespace(id.namespace())
                .withName(id.name())
                .get();
        if (scaledObject == null) {
            return new Read.Missing("ScaledObject " + id + " not found");
        }
        Map<String, Object> ref = scaleTargetRef(scaledObject);
        String kind = String.valueOf(ref.getOrDefault("kind", "Deployment"));
        Object name = ref.get("name");
        if (name == null) {
            return new Read.Missing("ScaledObject " + id + " has no spec.scaleTargetRef.name");
        }
        String target = kind + " " + id.namespace() + "/" + name;
        Optional<TargetStatus> status = switch (kind) {
            case "Deployment" ->
                Optional.ofNullable(client.apps()
                                .deployments()
                                .inNamespace(id.namespace())
                                .withName(name.toString())
                                .get())
                        .map(ScaleTargetReader::statusOf);
            case "StatefulSet" ->
                Optional.ofNullable(client.apps()
                                .statefulSets()
                                .inNamespace(id.namespace())
                                .withName(name.toString())
                                .get())
                        .map(ScaleTargetReader::statusOf);
            default -> null;
        };
        if (status == null) {
            return new Read.Missing(target + ": only Deployment and StatefulSet targets are read");
        }
        return status.<Read>map(s -> new Read.Found(target, s))
                .orElseGet(() -> new Read.Missing(target + " not found"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> scaleTargetRef(GenericKubernetesResource scaledObject) {
        Object spec = scaledObject.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> specMap && specMap.get("scaleTargetRef") instanceof Map<?, ?> ref) {
            return (Map<String, Object>) ref;
        }
        return Map.of();
    }

    private static TargetStatus statusOf(Deployment d) {
        Integer spec = d.getSpec() == null ? null : d.getSpec().getReplicas();
        Integer ready = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        return new TargetStatus(orOne(spec), orZero(ready));
    }

    private static TargetStatus statusOf(StatefulSet s) {
        Integer spec = s.getSpec() == null ? null : s.getSpec().getReplicas();
        Integer ready = s.getStatus() == null ? null : s.getStatus().getReadyReplicas();
        return new TargetStatus(orOne(spec), orZero(ready));
    }

    /** Kubernetes defaults an absent spec.replicas to 1. */
    private static int orOne(Integer value) {
        return value == null ? 1 : value;
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
