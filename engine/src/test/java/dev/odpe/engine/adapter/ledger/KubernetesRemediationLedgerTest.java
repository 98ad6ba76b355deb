package dev.odpe.engine.adapter.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.engine.ledger.Condition;
import dev.odpe.engine.ledger.LedgerEntry;
import dev.odpe.engine.ledger.LedgerResult;
import dev.odpe.engine.ledger.Phase;
import dev.odpe.engine.ledger.Remediation;
import dev.odpe.engine.ledger.StatusUpdate;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The ledger as Remediation objects against fabric8's mock API server in CRUD mode: what a create, a
 * second create of the same key, a status update, a listing and the retention do to the objects.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRemediationLedgerTest {

    private static final String NS = "odpe";
    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final ScalePool BOOST =
            new ScalePool("ml-serving", "triton-a100", 2, Duration.ofMinutes(15), 8, "latency");
    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");

    KubernetesClient client;

    private final MutableClock clock = new MutableClock(T0);
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private KubernetesRemediationLedger ledger() {
        return new KubernetesRemediationLedger(client, NS, json, clock);
    }

    private static Remediation remediation(String key, String decisionId, Object action) {
        return new Remediation(
                key,
                decisionId,
                (RemediationAction) action,
                "latency-breach-boosts-pool",
                "sha256:abc",
                List.of("fp-1@2026-12-03T09:59:00Z"),
                "trace-1",
                "odpe-engine-0",
                T0);
    }

    @Test
    void aCommitCreatesOneRemediationNamedAfterItsIdempotencyKey() {
        // Given the Kubernetes ledger
        KubernetesRemediationLedger ledger = ledger();

        // When a live ScalePool is committed
        LedgerResult.Commit answer = ledger.commit(remediation("0123456789abcdef0123456789abcdef", "d-1", BOOST));

        // Then one Remediation r-<key> holds its spec, labelled with its decision id
        assertThat(answer).isInstanceOf(LedgerResult.Created.class);
        GenericKubernetesResource stored = client.genericKubernetesResources(RemediationResources.REMEDIATIONS)
                .inNamespace(NS)
                .withName("r-0123456789abcdef0123456789abcdef")
                .get();
        assertThat(stored).isNotNull();
        assertThat(stored.getMetadata().getLabels()).containsEntry("odpe.dev/decision-id", "d-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) stored.getAdditionalProperties().get("spec");
        assertThat(spec)
                .containsEntry("target", "pool:ml-serving/triton-a100")
                .containsEntry("rule", "latency-breach-boosts-pool")
                .containsEntry("ruleSetVersion", "sha256:abc")
                .containsEntry("idempotencyKey", "0123456789abcdef0123456789abcdef")
                .containsEntry("decisionId", "d-1")
                .containsEntry("traceId", "trace-1")
                .containsEntry("holder", "odpe-engine-0");
        assertThat(spec.get("action")).asString().contains("ScalePool").contains("PT15M");
    }

    @Test
    void aSecondCommitOfTheSameKeyIsAConflictNamingTheExistingRemediation() {
        // Given a committed rollback, by another replica
        ledger().commit(remediation("aaaa", "d-1", BERT_8));

        // When this replica commits the same key
        LedgerResult.Commit answer = ledger().commit(remediation("aaaa", "d-2", BERT_8));

        // Then the mock API server answered 409, read as: already there, with its phase, holder and decision
        assertThat(answer).isEqualTo(new LedgerResult.AlreadyExists("r-aaaa", Phase.PENDING, "odpe-engine-0", "d-1"));
        assertThat(client.genericKubernetesResources(RemediationResources.REMEDIATIONS)
                        .inNamespace(NS)
                        .list()
                        .getItems())
                .hasSize(1);
    }

    @Test
    void aStatusUpdateByDecisionIdIsReadBackWithItsPhaseAttemptsAndConditions() {
        // Given a committed rollback
        KubernetesRemediationLedger ledger = ledger();
        ledger.commit(remediation("bbbb", "d-1", BERT_8));

        // When it is in progress, then retried with a condition, through the status subresource
        ledger.update("d-1", StatusUpdate.to(Phase.IN_PROGRESS, "queued").withAttempts(1));
        clock.advance(Duration.ofSeconds(5));
        LedgerResult.Update answer = ledger.update(
                "d-1",
                StatusUpdate.to(Phase.FAILED, "Argo CD at https://admin:s3cret@argocd.example answered 503")
                        .withAttempts(2)
                        .withCondition(Condition.isTrue("RetryScheduled", "Transient", "in 4s", clock.instant())));

        // Then a fresh ledger reads the same status back, with the URL credentials redacted
        assertThat(answer).isInstanceOf(LedgerResult.Updated.class);
        LedgerEntry entry = only(ledger().list());
        assertThat(entry.status().phase()).isEqualTo(Phase.FAILED);
        assertThat(entry.status().attempts()).isEqualTo(2);
        assertThat(entry.status().detail())
                .contains("https://***@argocd.example")
                .doesNotContain("s3cret");
        assertThat(entry.status().conditions()).extracting(Condition::type).containsExactly("RetryScheduled");
        assertThat(entry.status().updatedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(entry.remediation().action()).isEqualTo(BERT_8);
    }

    @Test
    void inFlightListsPendingAndInProgressEntriesWithTheirActions() {
        // Given one pending boost, one rollback in progress and one that succeeded
        KubernetesRemediationLedger ledger = ledger();
        ledger.commit(remediation("c1", "d-1", BOOST));
        ledger.commit(remediation("c2", "d-2", BERT_8));
        ledger.commit(remediation("c3", "d-3", BERT_8));
        ledger.update("d-2", StatusUpdate.to(Phase.IN_PROGRESS, "watching"));
        ledger.update("d-3", StatusUpdate.to(Phase.SUCCEEDED, "done"));

        // When the in-flight entries are listed (by a new leader)
        LedgerResult.Listing inFlight = ledger().inFlight();

        // Then the pending and the in-progress ones come back, their actions intact
        assertThat(((LedgerResult.Listed) inFlight).entries())
                .extracting(
                        e -> e.remediation().decisionId(),
                        e -> e.status().phase(),
                        e -> e.remediation().action())
                .containsExactlyInAnyOrder(tuple("d-1", Phase.PENDING, BOOST), tuple("d-2", Phase.IN_PROGRESS, BERT_8));
    }

    @Test
    void retentionDeletesOldFinishedRemediationsAndKeepsInFlightAndRecentOnes() {
        // Given an old succeeded one, an old in-progress one, and a recent failed one
        KubernetesRemediationLedger ledger = ledger();
        ledger.commit(remediation("e1", "d-old-done", BERT_8));
        ledger.commit(remediation("e2", "d-old-running", BERT_8));
        ledger.commit(remediation("e3", "d-recent", BERT_8));
        ledger.update("d-old-done", StatusUpdate.to(Phase.SUCCEEDED, "done"));
        ledger.update("d-old-running", StatusUpdate.to(Phase.IN_PROGRESS, "watching"));
        clock.advance(Duration.ofDays(8));
        ledger.update("d-recent", StatusUpdate.to(Phase.FAILED, "refused"));

        // When finished entries older than 7 days are deleted
        LedgerResult.Deletion answer =
                ledger.deleteFinishedBefore(clock.instant().minus(Duration.ofDays(7)));

        // Then only the old succeeded one is gone
        assertThat(answer).isEqualTo(new LedgerResult.Deleted(1));
        assertThat(((LedgerResult.Listed) ledger.list()).entries())
                .extracting(e -> e.remediation().decisionId())
                .containsExactlyInAnyOrder("d-old-running", "d-recent");
    }

    @Test
    void anUnreachableApiServerIsATransientUnavailableAnswerNotAnException() {
        // Given a client pointing at a port nothing listens on
        KubernetesClient nowhere = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:1")
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .build();
        KubernetesRemediationLedger ledger = new KubernetesRemediationLedger(nowhere, NS, json, clock);

        // When a remediation is committed
        LedgerResult.Commit answer = ledger.commit(remediation("ffff", "d-1", BOOST));

        // Then it is unavailable, transiently, and says why
        assertThat(answer).isInstanceOfSatisfying(LedgerResult.Unavailable.class, u -> {
            assertThat(u.transientFailure()).isTrue();
            assertThat(u.reason()).contains("commit r-ffff");
        });
        nowhere.close();
    }

    private static LedgerEntry only(LedgerResult.Listing listing) {
        assertThat(listing).isInstanceOf(LedgerResult.Listed.class);
        assertThat(((LedgerResult.Listed) listing).entries()).hasSize(1);
        return ((LedgerResult.Listed) listing).entries().get(0);
    }
}
