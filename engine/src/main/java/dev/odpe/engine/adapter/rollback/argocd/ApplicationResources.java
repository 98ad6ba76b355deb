package dev.odpe.engine.adapter.rollback.argocd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * Argo CD Applications as Kubernetes resources ({@code applications.argoproj.io/v1alpha1}) through
 * fabric8: read as JSON (the same shape Argo CD's API returns) and write back with the read's
 * resourceVersion, so a concurrent change is a conflict, not a lost update.
 */
public class ApplicationResources implements ApplicationReader {

    static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Application")
            .withPlural("applications")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;
    private final ObjectMapper json;

    public ApplicationResources(KubernetesClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public ApiCall application(ApplicationRef app) {
        try {
            GenericKubernetesResource resource = client.genericKubernetesResources(APPLICATIONS)
                    .inNamespace(app.appNamespace())
                    .withName(app.name())
                    .get();
            if (resource == null) {
                return new ApiCall.Failed(ApiCall.Reason.APPLICATION_NOT_FOUND, 404, "no Application " + app);
            }
            return new ApiCall.Ok(json.valueToTree(resource));
        } catch (KubernetesClientException e) {
            return failed(e);
        }
    }

    /** Replaces the Application with {@code changed} if nobody changed it since it was read. */
    ApiCall update(ApplicationRef app, JsonNode changed) {
        try {
            GenericKubernetesResource resource = json.treeToValue(changed, GenericKubernetesResource.class);
            GenericKubernetesResource updated = client.genericKubernetesResources(APPLICATIONS)
                    .inNamespace(app.appNamespace())
                    .resource(resource)
                    .lockResourceVersion(resource.getMetadata().getResourceVersion())
                    .update();
            return new ApiCall.Ok(json.valueToTree(updated));
        } catch (KubernetesClientException e) {
            return failed(e);
        } catch (JsonProcessingException e) {
            return new ApiCall.Failed(ApiCall.Reason.REJECTED, 0, "the changed Application is not valid: " + e);
        }
    }

    private static ApiCall.Failed failed(KubernetesClientException e) {
        int code = e.getCode();
        ApiCall.Reason reason = switch (code) {
            case 401 -> ApiCall.Reason.UNAUTHORIZED;
            case 403 -> ApiCall.Reason.FORBIDDEN;
            case 404 -> ApiCall.Reason.APPLICATION_NOT_FOUND;
            case 409 -> ApiCall.Reason.OPERATION_IN_PROGRESS; // changed since read: the caller re-reads
            case 0 -> ApiCall.Reason.UNREACHABLE;
            default -> code >= 500 ? ApiCall.Reason.SERVER_ERROR : ApiCall.Reason.REJECTED;
        };
        return new ApiCall.Failed(reason, code, "Kubernetes API: " + e.getMessage());
    }
}
