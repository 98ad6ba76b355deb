package dev.odpe.engine.adapter.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.decision.PlannedAction;
import dev.odpe.engine.decision.Verdict;
import dev.odpe.engine.execute.ActionExecutor;
import dev.odpe.engine.execute.ActionExecutors;
import dev.odpe.engine.execute.DryRunRecorder;
import dev.odpe.engine.leader.Leadership;
import dev.odpe.engine.leader.LeadershipState;
import dev.odpe.rules.action.RemediationAction;
import dev.odpe.rules.action.ScalePool;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.Lock;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Instance;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two replicas campaigning for the Lease on fabric8's mock API server (CRUD), with short timings: lease 2 s, renew
 * deadline 1 s, retry every 200 ms. A replica "partitioned" from the API server fails every lease request, as a
 * leader does whose node lost its network.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseElectionTest {

    private static final String NS = "odpe";
    private static final LeaseSettings FAST =
            new LeaseSettings(Duration.ofMillis(2000), Duration.ofMillis(1000), Duration.ofMillis(200));
    private static final Duration WITHIN = Duration.ofSeconds(20);

    KubernetesClient client;

    private final List<Replica> replicas = new ArrayList<>();

    /** One engine replica's leadership: its state, its candidate, whether it exited, and its network. */
    private record Replica(
            String name, LeadershipState state, LeaseCandidate candidate, AtomicInteger exits, AtomicBoolean cut) {}

    @AfterEach
    void stopAll() {
        replicas.forEach(r -> r.candidate().stop());
    }

    @Test
    void ofTwoReplicasExactlyOneLeads() {
        // Given two replicas
        Replica a = replica("engine-a", () -> {});
        Replica b = replica("engine-b", () -> {});

        // When both campaign
        a.candidate().start();
        b.candidate().start();

        // Then exactly one leads, and the other knows it as the leader
        await().atMost(WITHIN).until(() -> a.state().isLeader() || b.state().isLeader());
        Replica leader = a.state().isLeader() ? a : b;
        Replica follower = leader == a ? b : a;
        await().atMost(WITHIN).until(() -> follower.state().status().leader().isPresent());
        assertThat(follower.state().isLeader()).isFalse();
        assertThat(follower.state().holdsLease()).isFalse();
        assertThat(follower.state().status().role()).isEqualTo(Leadership.Role.FOLLOWER);
        assertThat(follower.state().status().leader()).contains(leader.name());
        assertThat(client.leases()
                        .inNamespace(NS)
                        .withName(LeaseCandidate.LEASE)
                        .get()
                        .getSpec()
                        .getHolderIdentity())
                .isEqualTo(leader.name());
    }

    @Test
    void theFollowerTakesOverOnlyAfterTheLeaderThatStoppedRenewingClosedItsFenceAndExited() {
        // Given replica A leading and B following; B notes A's fence at the moment it gains the lease
        Replica a = replica("engine-a", () -> {});
        a.candidate().start();
        await().atMost(WITHIN).until(() -> a.state().isLeader());
        Replica b = replica("engine-b", () -> {});
        AtomicReference<Boolean> aFenceWhenBGained = new AtomicReference<>();
        b.state().whenGained(() -> aFenceWhenBGained.set(a.state().holdsLease()));
        b.candidate().start();
        await().atMost(WITHIN).until(() -> b.state().status().leader().isPresent());

        // When A can no longer reach the API server, so it stops renewing
        a.cut().set(true);

        // Then B leads, and A's fence was already closed when B gained the lease; A exits
        await().atMost(WITHIN).until(() -> b.state().isLeader());
        assertThat(aFenceWhenBGained.get()).isFalse();
        await().atMost(WITHIN).until(() -> a.exits().get() == 1);
        assertThat(a.state().status().role()).isEqualTo(Leadership.Role.LOST);
    }

    @Test
    void losingTheLeaseStopsActuatorCalls() {
        // Given replica A leading, whose ScalePool actuator counts its calls
        Replica a = replica("engine-a", () -> {});
        a.candidate().start();
        await().atMost(WITHIN).until(() -> a.state().isLeader());
        AtomicInteger actuatorCalls = new AtomicInteger();
        ActionExecutors executors = new ActionExecutors(
                instanceOf(List.of(new CountingScalePool(actuatorCalls))),
                new DryRunRecorder(),
                a.state(),
                new SimpleMeterRegistry());
        assertThat(executors.apply(livePlan()).outcome()).isEqualTo(Outcome.EXECUTED);

        // When A stops renewing and the renew deadline passes
        a.cut().set(true);
        await().atMost(WITHIN).until(() -> !a.state().holdsLease());

        // Then the next live action is not applied: a transient failure, and the actuator is not called again
        ExecutionResult fenced = executors.apply(livePlan());
        assertThat(fenced.outcome()).isEqualTo(Outcome.FAILED_TRANSIENT);
        assertThat(fenced.detail()).contains("engine-a", "no longer holds the leader lease");
        assertThat(actuatorCalls).hasValue(1);
    }

    @Test
    void theLeaderLabelsItsPodAndTakesTheLabelFromTheOldLeadersPod() {
        // Given the pods of both replicas, the old leader's still labelled
        pod("engine-a", false);
        pod("engine-b", true);
        LeaderPodLabel label = new LeaderPodLabel(client, NS, "engine-a");

        // When replica A leads
        Replica a = replica("engine-a", label::claim);
        a.candidate().start();

        // Then A's pod carries the label and B's no longer does: the ingest Service selects A alone
        await().atMost(WITHIN).until(() -> "true".equals(labelOf("engine-a")));
        assertThat(labelOf("engine-b")).isNull();
        assertThat(client.pods()
                        .inNamespace(NS)
                        .withLabel(LeaderPodLabel.KEY, "true")
                        .list()
                        .getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("engine-a");
    }

    @Test
    void aFollowerStartingUpTakesTheStaleLabelFromItsOwnPod() {
        // Given a pod that led before its container restarted, still labelled
        pod("engine-b", true);

        // When its new process starts as a follower
        new LeaderPodLabel(client, NS, "engine-b").release();

        // Then the label is gone
        assertThat(labelOf("engine-b")).isNull();
    }

    private Replica replica(String name, Runnable announce) {
        LeadershipState state = LeadershipState.elected(
                name, FAST.renewDeadline(), Clock.systemUTC(), new SimpleMeterRegistry(), announce);
        AtomicBoolean cut = new AtomicBoolean();
        AtomicInteger exits = new AtomicInteger();
        Lock lease = new PartitionableLock(new LeaseLock(NS, LeaseCandidate.LEASE, name), cut);
        Replica replica = new Replica(
                name, state, new LeaseCandidate(client, lease, FAST, state, exits::incrementAndGet), exits, cut);
        replicas.add(replica);
        return replica;
    }

    private void pod(String name, boolean leaderLabel) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("app", "odpe-engine")
                .endMetadata();
        if (leaderLabel) {
            pod.editMetadata().addToLabels(LeaderPodLabel.KEY, "true").endMetadata();
        }
        client.pods().inNamespace(NS).resource(pod.build()).create();
    }

    private String labelOf(String pod) {
        Pod p = client.pods().inNamespace(NS).withName(pod).get();
        return p.getMetadata().getLabels() == null
                ? null
                : p.getMetadata().getLabels().get(LeaderPodLabel.KEY);
    }

    private static PlannedAction livePlan() {
        return new PlannedAction(
                "latency-breach-boosts-pool",
                new ScalePool("ml-serving", "triton-a100", 2, Duration.ofMinutes(15), 8, "latency"),
                List.of(),
                Verdict.EXECUTE,
                false,
                "key-1",
                "test",
                Instant.parse("2026-12-03T12:00:00Z"),
                "decision-1");
    }

    @SuppressWarnings("unchecked")
    private static Instance<ActionExecutor> instanceOf(List<ActionExecutor> executors) {
        return (Instance<ActionExecutor>) Proxy.newProxyInstance(
                Instance.class.getClassLoader(),
                new Class<?>[] {Instance.class},
                (self, method, args) -> switch (method.getName()) {
                    case "iterator" -> executors.iterator();
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A replica's view of the lease; while {@code cut}, every request fails as if the API server were unreachable. */
    private record PartitionableLock(Lock lease, AtomicBoolean cut) implements Lock {

        @Override
        public LeaderElectionRecord get(KubernetesClient client) {
            check();
            return lease.get(client);
        }

        @Override
        public void create(KubernetesClient client, LeaderElectionRecord record) {
            check();
            lease.create(client, record);
        }

        @Override
        public void update(KubernetesClient client, LeaderElectionRecord record) {
            check();
            lease.update(client, record);
        }

        @Override
        public String identity() {
            return lease.identity();
        }

        @Override
        public String describe() {
            return lease.describe();
        }

        private void check() {
            if (cut.get()) {
                throw new KubernetesClientException("partitioned from the API server (test)");
            }
        }
    }

    /** A ScalePool actuator that only counts. */
    private record CountingScalePool(AtomicInteger calls) implements ActionExecutor {

        @Override
        public Class<? extends RemediationAction> actionType() {
            return ScalePool.class;
        }

        @Override
        public ExecutionResult apply(PlannedAction plan) {
            calls.incrementAndGet();
            return ExecutionResult.executed("boosted");
        }
    }
}
