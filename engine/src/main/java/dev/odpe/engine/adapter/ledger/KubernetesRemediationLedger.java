package dev.odpe.engine.adapter.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.http.UrlCredentials;
import dev.odpe.engine.ledger.LedgerEntry;
import dev.odpe.engine.ledger.LedgerResult;
import dev.odpe.engine.ledger.Phase;
import dev.odpe.engine.ledger.Remediation;
import dev.odpe.engine.ledger.RemediationLedger;
import dev.odpe.engine.ledger.RemediationNames;
import dev.odpe.engine.ledger.RemediationStatus;
import dev.odpe.engine.ledger.StatusUpdate;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.quarkus.logging.Log;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ledger as {@code Remediation} objects in the engine's namespace. The object's name is
 * {@code r-<idempotency key>}: the API server refuses a second create of a name with 409, whoever sends
 * it (this process after a restart, another replica, a leader that lost its lease): that conflict is the
 * fence. The spec is written once by the create; the status goes through the status subresource with the
 * read's resourceVersion (a concurrent change is retried, never overwritten).
 */
final class KubernetesRemediationLedger implements RemediationLedger {

    /** Status writes race only with other writers of the same remediation: a few retries settle it. */
    private static final int STATUS_WRITE_ATTEMPTS = 3;
    /** Decision id → object name of recent commits, so an amendment needs no label query. */
    private static final int REMEMBERED_NAMES = 10_000;

    private final KubernetesClient client;
    private final String namespace;
    private final RemediationResources resources;
    private final Clock clock;
    private final Map<String, String> nameByDecision = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_NAMES;
        }
    };

    KubernetesRemediationLedger(KubernetesClient client, String namespace, ObjectMapper json, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.resources = new RemediationResources(json);
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "kubernetes (Remediation objects in namespace " + namespace + ")";
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public LedgerResult.Commit commit(Remediation remediation) {
        String name = RemediationNames.of(remediation.idempotencyKey());
        try {
            remediations()
                    .resource(resources.toResource(name, namespace, remediation))
                    .create();
            remember(remediation.decisionId(), name);
            return new LedgerResult.Created(
                    new LedgerEntry(name, remediation, RemediationStatus.pending(remediation.startedAt())));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return alreadyExists(name);
            }
            return unavailable("commit " + name, e);
        }
    }

    @Override
    public LedgerResult.Update update(String decisionId, StatusUpdate update) {
        try {
            Optional<String> name = nameOf(decisionId);
            if (name.isEmpty()) {
                return new LedgerResult.NotFound(decisionId);
            }
            return updateNamed(name.get(), decisionId, update);
        } catch (KubernetesClientException e) {
            return unavailable("update the status of decision " + decisionId, e);
        }
    }

    @Override
    public LedgerResult.Update updateByIdempotencyKey(String idempotencyKey, StatusUpdate update) {
        String name = RemediationNames.of(idempotencyKey);
        try {
            return updateNamed(name, idempotencyKey, update);
        } catch (KubernetesClientException e) {
            return unavailable("update the status of " + name, e);
        }
    }

    /** Read, change, write with the read's resourceVersion; a conflict is read again. */
    private LedgerResult.Update updateNamed(String name, String notFoundId, StatusUpdate update) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource current = remediations().withName(name).get();
            if (current == null) {
                return new LedgerResult.NotFound(notFoundId);
            }
            Optional<LedgerEntry> entry = resources.toEntry(current);
            if (entry.isEmpty()) {
                return new LedgerResult.Unavailable(
                        "Remediation " + name + " is not readable (unknown action type)", false);
            }
            RemediationStatus status = entry.get().status().with(update, clock.instant());
            current.setAdditionalProperty("status", resources.statusMap(status));
            try {
                remediations().resource(current).updateStatus();
                return new LedgerResult.Updated(entry.get().withStatus(status));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= STATUS_WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public LedgerResult.Listing list() {
        try {
            GenericKubernetesResourceList all = remediations().list();
            List<LedgerEntry> entries = new ArrayList<>(all.getItems().size());
            for (GenericKubernetesResource resource : all.getItems()) {
                Optional<LedgerEntry> entry = resources.toEntry(resource);
                if (entry.isPresent()) {
                    entries.add(entry.get());
                } else {
                    Log.warnf(
                            "Skipping Remediation %s/%s: its action is not one this engine knows",
                            namespace, resource.getMetadata().getName());
                }
            }
            return new LedgerResult.Listed(entries);
        } catch (KubernetesClientException e) {
            return unavailable("list Remediations", e);
        }
    }

    @Override
    public LedgerResult.Deletion deleteFinishedBefore(Instant horizon) {
        LedgerResult.Listing listing = list();
        if (!(listing instanceof LedgerResult.Listed listed)) {
            return (LedgerResult.Unavailable) listing;
        }
        int deleted = 0;
        try {
            for (LedgerEntry entry : listed.entries()) {
                if (!entry.status().phase().inFlight()
                        && entry.status().updatedAt().isBefore(horizon)) {
                    remediations().withName(entry.name()).delete();
                    deleted++;
                }
            }
            return new LedgerResult.Deleted(deleted);
        } catch (KubernetesClientException e) {
            return unavailable("delete finished Remediations (" + deleted + " deleted before the failure)", e);
        }
    }

    private LedgerResult.Commit alreadyExists(String name) {
        try {
            GenericKubernetesResource existing = remediations().withName(name).get();
            if (existing != null) {
                return new LedgerResult.AlreadyExists(
                        name,
                        RemediationResources.phase(existing),
                        RemediationResources.specText(existing, "holder"),
                        RemediationResources.specText(existing, "decisionId"));
            }
        } catch (KubernetesClientException e) {
            Log.debugf(e, "Reading Remediation %s after a conflict failed", name);
        }
        // It existed a moment ago (409): still a fence, only its state is unknown.
        return new LedgerResult.AlreadyExists(name, Phase.PENDING, "", "");
    }

    private Optional<String> nameOf(String decisionId) {
        synchronized (nameByDecision) {
            String known = nameByDecision.get(decisionId);
            if (known != null) {
                return Optional.of(known);
            }
        }
        List<GenericKubernetesResource> found = remediations()
                .withLabel(RemediationResources.DECISION_LABEL, decisionId)
                .list()
                .getItems();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String name = found.get(0).getMetadata().getName();
        remember(decisionId, name);
        return Optional.of(name);
    }

    private void remember(String decisionId, String name) {
        synchronized (nameByDecision) {
            nameByDecision.put(decisionId, name);
        }
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            remediations() {
        return client.genericKubernetesResources(RemediationResources.REMEDIATIONS)
                .inNamespace(namespace);
    }

    /** Connection refused, reset or timed out: fabric8 reports those with the request's own status code. */
    private static boolean ioFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static LedgerResult.Unavailable unavailable(String what, KubernetesClientException e) {
        int code = e.getCode();
        boolean transientFailure = code == 0 || code == 408 || code == 429 || code >= 500 || ioFailure(e);
        String reason = "Kubernetes API could not " + what + " (HTTP " + code + "): "
                + UrlCredentials.redact(String.valueOf(e.getMessage()));
        return new LedgerResult.Unavailable(reason, transientFailure);
    }
}
