package dev.odpe.engine.adapter.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.odpe.engine.ledger.Condition;
import dev.odpe.engine.ledger.LedgerEntry;
import dev.odpe.engine.ledger.Phase;
import dev.odpe.engine.ledger.Remediation;
import dev.odpe.engine.ledger.RemediationStatus;
import dev.odpe.rules.action.RemediationAction;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Remediation} custom resource (k8s/base/remediation-crd.yaml) in and out of fabric8's
 * {@link GenericKubernetesResource}.
 *
 * <p>Why generic and not a typed {@code CustomResource} class: the schema lives once, in the CRD yaml that
 * ships in k8s/base (and the Argo CD Application code already reads resources this way); a typed class
 * would be a second copy to keep in step, plus fabric8's annotation-driven model registration, for a
 * handful of fields read in one place. Every field is mapped here, and tests read the objects back.
 */
final class RemediationResources {

    static final ResourceDefinitionContext REMEDIATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("odpe.dev")
            .withVersion("v1alpha1")
            .withKind("Remediation")
            .withPlural("remediations")
            .withNamespaced(true)
            .build();

    static final String API_VERSION = "odpe.dev/v1alpha1";
    /** Amendments find a remediation by its decision id (a UUID, a valid label value). */
    static final String DECISION_LABEL = "odpe.dev/decision-id";

    static final String ACTION_LABEL = "odpe.dev/action";

    private final ObjectMapper json;

    RemediationResources(ObjectMapper json) {
        this.json = json;
    }

    GenericKubernetesResource toResource(String name, String namespace, Remediation remediation) {
        ObjectNode spec = json.createObjectNode();
        ObjectNode action = spec.putObject("action");
        action.put("type", remediation.action().type());
        action.put("json", actionJson(remediation.action()));
        spec.put("target", remediation.target());
        spec.put("rule", remediation.rule());
        spec.put("ruleSetVersion", remediation.ruleSetVersion());
        ArrayNode causes = spec.putArray("causes");
        remediation.causes().forEach(causes::add);
        spec.put("idempotencyKey", remediation.idempotencyKey());
        spec.put("decisionId", remediation.decisionId());
        spec.put("traceId", remediation.traceId());
        spec.put("holder", remediation.holder());
        spec.put("startedAt", remediation.startedAt().toString());

        GenericKubernetesResource resource = new GenericKubernetesResource();
        resource.setApiVersion(API_VERSION);
        resource.setKind("Remediation");
        resource.setMetadata(new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(Map.of(
                        DECISION_LABEL,
                        remediation.decisionId(),
                        ACTION_LABEL,
                        remediation.action().type(),
                        "app.kubernetes.io/managed-by",
                        "odpe-engine"))
                .build());
        resource.setAdditionalProperty("spec", json.convertValue(spec, Map.class));
        return resource;
    }

    /** The entry a resource stores; empty when it is not one ODPE can read (an unknown action type). */
    Optional<LedgerEntry> toEntry(GenericKubernetesResource resource) {
        JsonNode spec = tree(resource, "spec");
        JsonNode status = tree(resource, "status");
        Optional<RemediationAction> action = action(spec.path("action"));
        if (action.isEmpty()) {
            return Optional.empty();
        }
        Instant startedAt = instant(spec.path("startedAt")).orElse(Instant.EPOCH);
        List<String> causes = new ArrayList<>();
        spec.path("causes").forEach(c -> causes.add(c.asText()));
        Remediation remediation = new Remediation(
                spec.path("idempotencyKey").asText(),
                spec.path("decisionId").asText(),
                action.get(),
                spec.path("rule").asText(),
                spec.path("ruleSetVersion").asText(),
                causes,
                spec.path("traceId").asText(),
                spec.path("holder").asText(),
                startedAt);
        return Optional.of(new LedgerEntry(resource.getMetadata().getName(), remediation, status(status, startedAt)));
    }

    /** The phase of a resource without reading the rest (for the answer to a conflicting commit). */
    static Phase phase(GenericKubernetesResource resource) {
        Object status = resource.getAdditionalProperties().get("status");
        return status instanceof Map<?, ?> map && map.get("phase") instanceof String phase
                ? Phase.parse(phase)
                : Phase.PENDING;
    }

    static String specText(GenericKubernetesResource resource, String field) {
        Object spec = resource.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> map && map.get(field) instanceof String value ? value : "";
    }

    Map<?, ?> statusMap(RemediationStatus status) {
        ObjectNode node = json.createObjectNode();
        node.put("phase", status.phase().display());
        node.put("attempts", status.attempts());
        ArrayNode conditions = node.putArray("conditions");
        for (Condition c : status.conditions()) {
            ObjectNode condition = conditions.addObject();
            condition.put("type", c.type());
            condition.put("status", c.status());
            condition.put("reason", c.reason());
            condition.put("message", c.message());
            if (c.lastTransitionTime() != null) {
                condition.put("lastTransitionTime", c.lastTransitionTime().toString());
            }
        }
        node.put("detail", status.detail());
        node.put("updatedAt", status.updatedAt().toString());
        return json.convertValue(node, Map.class);
    }

    private RemediationStatus status(JsonNode status, Instant startedAt) {
        if (!status.isObject()) {
            return RemediationStatus.pending(startedAt);
        }
        List<Condition> conditions = new ArrayList<>();
        status.path("conditions")
                .forEach(c -> conditions.add(new Condition(
                        c.path("type").asText(),
                        c.path("status").asText("Unknown"),
                        c.path("reason").asText(),
                        c.path("message").asText(),
                        instant(c.path("lastTransitionTime")).orElse(null))));
        return new RemediationStatus(
                Phase.parse(status.path("phase").asText(null)),
                status.path("attempts").asInt(0),
                conditions,
                status.path("detail").asText(""),
                instant(status.path("updatedAt")).orElse(startedAt));
    }

    private JsonNode tree(GenericKubernetesResource resource, String field) {
        Object value = resource.getAdditionalProperties().get(field);
        return value == null ? MissingNode.getInstance() : json.valueToTree(value);
    }

    private String actionJson(RemediationAction action) {
        try {
            ObjectNode fields = json.valueToTree(action);
            fields.remove("type");
            fields.remove("target");
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an action record is always writable as JSON: " + action, e);
        }
    }

    private Optional<RemediationAction> action(JsonNode action) {
        String type = action.path("type").asText();
        Optional<Class<?>> record = Arrays.stream(RemediationAction.class.getPermittedSubclasses())
                .filter(c -> c.getSimpleName().equals(type))
                .findFirst();
        if (record.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of((RemediationAction) json.readerFor(record.get())
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(action.path("json").asText()));
        } catch (JsonProcessingException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> instant(JsonNode text) {
        if (!text.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text.asText()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
