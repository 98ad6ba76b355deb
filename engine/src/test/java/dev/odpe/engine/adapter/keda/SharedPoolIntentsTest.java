package dev.odpe.engine.adapter.keda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.scaler.Boost;
import dev.odpe.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ObjIntConsumer;
import org.junit.jupiter.api.Test;

/**
 * Two (and three) engine replicas sharing ScalePool intents through fabric8's mock API server in CRUD
 * mode: KEDA may ask any of them and must get the same answer.
 */
@EnableKubernetesMockClient(crud = true)
class SharedPoolIntentsTest {

    private static final String NS = "odpe";
    private static final String CONFIG_MAP = "odpe-pool-intents";
    private static final PoolKey A100 = new PoolKey("ml-serving", "triton-a100");
    private static final ScalePool BOOST =
            new ScalePool("ml-serving", "triton-a100", 2, Duration.ofMinutes(15), 8, "latency");
    private static final ScalePool QUEUE =
            new ScalePool("ml-serving", "triton-a100", 2, Duration.ofMinutes(15), 8, "queue");

    KubernetesClient client;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());

    private record Replica(PoolIntents intents, SharedPoolIntents shared, AtomicInteger pushes) {}

    private Replica replica(Executor writer) {
        PoolIntents intents = new PoolIntents(clock);
        AtomicInteger pushes = new AtomicInteger();
        intents.onChange(pool -> pushes.incrementAndGet());
        return new Replica(
                intents, new SharedPoolIntents(intents, client, NS, CONFIG_MAP, json, clock, writer), pushes);
    }

    @Test
    void aBoostRecordedOnOneReplicaIsServedByTheOtherAfterItsNextRead() {
        // Given two replicas
        Replica a = replica(Runnable::run);
        Replica b = replica(Runnable::run);

        // When replica A records a boost and B reads the shared intents
        a.intents().boost(BOOST);
        b.shared().refresh();

        // Then B holds the same boost, with the same expiry, and told its StreamIsActive subscribers
        assertThat(b.intents().intentsOf(A100))
                .isEqualTo(a.intents().intentsOf(A100))
                .hasSize(1);
        assertThat(b.pushes()).hasValue(1);
    }

    @Test
    void aWithdrawalOnOneReplicaRemovesTheBoostEverywhere() {
        // Given a boost both replicas hold
        Replica a = replica(Runnable::run);
        Replica b = replica(Runnable::run);
        a.intents().boost(BOOST);
        b.shared().refresh();

        // When the alert resolves on replica A and B reads again
        a.intents().withdraw(BOOST);
        b.shared().refresh();

        // Then B holds no boost for the pool, and the ConfigMap no key for it
        assertThat(b.intents().intentsOf(A100)).isEmpty();
        assertThat(configMap().getData()).doesNotContainKey("ml-serving.triton-a100.latency");
    }

    @Test
    void aLocalChangeNotYetWrittenIsNotUndoneByAnOlderRead() {
        // Given replica B whose writes are held back
        List<Runnable> heldWrites = new ArrayList<>();
        Replica b = replica(heldWrites::add);

        // When B records a boost and reads the (still empty) shared intents before writing
        b.intents().boost(BOOST);
        b.shared().refresh();

        // Then its own boost stays, and is shared once written
        assertThat(b.intents().intentsOf(A100)).hasSize(1);
        heldWrites.forEach(Runnable::run);
        assertThat(b.shared().hasUnwrittenChanges()).isFalse();
        assertThat(configMap().getData()).containsKey("ml-serving.triton-a100.latency");
    }

    @Test
    void boostsOfDifferentPoolsFromDifferentReplicasAreAllKept() {
        // Given two replicas
        Replica a = replica(Runnable::run);
        Replica b = replica(Runnable::run);

        // When each records a boost for its own pool
        a.intents().boost(BOOST);
        b.intents().boost(new ScalePool("ml-serving", "triton-h100", 1, Duration.ofMinutes(15), 4, "queue"));

        // Then the ConfigMap holds both pools, and a read gives each replica both
        assertThat(configMap().getData())
                .containsOnlyKeys("ml-serving.triton-a100.latency", "ml-serving.triton-h100.queue");
        a.shared().refresh();
        assertThat(a.intents().pools()).containsExactlyInAnyOrder(A100, new PoolKey("ml-serving", "triton-h100"));
    }

    @Test
    void aReplicaStartedLaterTakesTheLiveIntents() {
        // Given a boost recorded by a replica that has since gone
        replica(Runnable::run).intents().boost(BOOST);

        // When a new replica starts and reads
        Replica fresh = replica(Runnable::run);
        fresh.shared().refresh();

        // Then it serves the boost at once instead of waiting for the alert to be re-sent
        assertThat(fresh.intents().intentsOf(A100)).hasSize(1);
    }

    @Test
    void twoReasonsOnOnePoolFromTwoReplicasAreBothKeptAndTheOneLeftIsServedWhenTheOtherResolves() {
        // Given a latency breach recorded on replica A and a queue breach on replica B, same pool,
        // B recording before it read A's (the case: the ConfigMap kept only `queue`)
        Replica a = replica(Runnable::run);
        Replica b = replica(Runnable::run);
        a.intents().boost(BOOST);
        b.intents().boost(QUEUE);
        a.shared().refresh();
        b.shared().refresh();
        assertThat(configMap().getData())
                .containsOnlyKeys("ml-serving.triton-a100.latency", "ml-serving.triton-a100.queue");
        assertThat(a.intents().intentsOf(A100)).containsOnlyKeys(BOOST, QUEUE);

        // When the queue alert resolves on B and both replicas read again
        b.intents().withdraw(QUEUE);
        a.shared().refresh();
        b.shared().refresh();

        // Then both still answer latency's boost
        for (Replica replica : List.of(a, b)) {
            assertThat(replica.intents().intentsOf(A100)).containsOnlyKeys(BOOST);
            assertThat(Boost.total(replica.intents().boosts(A100), clock.instant()))
                    .isEqualTo(2);
        }
    }

    @Test
    void aWithdrawalRemovesOnlyItsOwnReason() {
        // Given latency recorded by A and queue by B on one pool, both shared
        Replica a = replica(Runnable::run);
        Replica b = replica(Runnable::run);
        a.intents().boost(BOOST);
        b.intents().boost(QUEUE);

        // When A withdraws latency without having read B's queue
        a.intents().withdraw(BOOST);

        // Then the ConfigMap keeps queue, and a read gives A just that
        assertThat(configMap().getData()).containsOnlyKeys("ml-serving.triton-a100.queue");
        a.shared().refresh();
        assertThat(a.intents().intentsOf(A100)).containsOnlyKeys(QUEUE);
    }

    @Test
    void aWriteThatConflictsWithAnotherReplicasWriteIsAppliedAgainToWhatThatReplicaWrote() {
        // Given replica B that writes queue between replica A's read and A's write
        Replica a = replica(Runnable::run);
        Replica b = replica(Runnable::run);
        AtomicInteger reads = new AtomicInteger();
        a.shared().afterEachWriteRead(() -> {
            if (reads.incrementAndGet() == 1) {
                b.intents().boost(QUEUE);
            }
        });

        // When A records latency (its first update is refused with 409: B changed the ConfigMap)
        a.intents().boost(BOOST);

        // Then A read again and applied its own change only: both reasons are kept
        assertThat(reads).hasValue(2);
        assertThat(a.shared().hasUnwrittenChanges()).isFalse();
        assertThat(configMap().getData())
                .containsOnlyKeys("ml-serving.triton-a100.latency", "ml-serving.triton-a100.queue");
    }

    @Test
    void concurrentChangesFromThreeReplicasOnOnePoolLoseNothing() throws Exception {
        // Given three replicas, each with its own writer thread
        List<ExecutorService> writers = new ArrayList<>();
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ExecutorService writer = Executors.newSingleThreadExecutor();
            writers.add(writer);
            replicas.add(replica(writer));
        }
        try {
            // When each records ten reasons on the same pool at once, then withdraws its even ones at once
            runTogether(replicas, (replica, index) -> {
                for (int r = 0; r < 10; r++) {
                    replica.intents().boost(reason(index, r));
                }
            });
            awaitWritten(replicas);
            runTogether(replicas, (replica, index) -> {
                for (int r = 0; r < 10; r += 2) {
                    replica.intents().withdraw(reason(index, r));
                }
            });
            awaitWritten(replicas);

            // Then the ConfigMap holds exactly the 15 odd reasons, and every replica reads them all
            List<String> expected = new ArrayList<>();
            for (int index = 0; index < 3; index++) {
                for (int r = 1; r < 10; r += 2) {
                    expected.add("ml-serving.triton-a100." + reason(index, r).reason());
                }
            }
            assertThat(configMap().getData()).containsOnlyKeys(expected);
            for (Replica replica : replicas) {
                replica.shared().refresh();
                assertThat(replica.intents().intentsOf(A100)).hasSize(15);
            }
        } finally {
            writers.forEach(ExecutorService::shutdownNow);
        }
    }

    @Test
    void intentsInThePerPoolLayoutOfEarlierVersionsAreReadAndWithdrawnReasonByReason() {
        // Given a ConfigMap an earlier version wrote: one key per pool holding latency and queue
        String legacyKey = IntentsCodec.legacyKeyOf(A100);
        Instant expiry = clock.instant().plus(Duration.ofMinutes(15));
        client.configMaps()
                .inNamespace(NS)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(CONFIG_MAP)
                        .endMetadata()
                        .addToData(
                                legacyKey,
                                new IntentsCodec(json)
                                        .encode(Map.of(
                                                BOOST, new Boost(2, 8, "latency", expiry),
                                                QUEUE, new Boost(2, 8, "queue", expiry))))
                        .build())
                .create();
        Replica a = replica(Runnable::run);
        a.shared().refresh();
        assertThat(a.intents().intentsOf(A100)).containsOnlyKeys(BOOST, QUEUE);

        // When queue resolves on this replica
        a.intents().withdraw(QUEUE);

        // Then the old key keeps latency only, and a replica started later serves latency alone
        assertThat(configMap().getData()).containsOnlyKeys(legacyKey);
        Replica later = replica(Runnable::run);
        later.shared().refresh();
        assertThat(later.intents().intentsOf(A100)).containsOnlyKeys(BOOST);
    }

    @Test
    void aFormerHolderThatReleasedItsIntentsDoesNotRenewOneTheNewLeaderWithdrew() {
        // Given latency recorded by replica A, which then stopped deciding and released what it held,
        // and replica B (the new leader) that recorded the same boost
        Replica a = replica(Runnable::run);
        Replica b = replica(Runnable::run);
        a.intents().boost(BOOST);
        a.intents().releaseHeld();
        b.intents().boost(BOOST);

        // When B withdraws it (the alert resolved) and A reads and runs its renewals
        b.intents().withdraw(BOOST);
        a.shared().refresh();
        a.intents().renewHeld();

        // Then the boost stays withdrawn everywhere
        assertThat(a.intents().intentsOf(A100)).isEmpty();
        assertThat(configMap().getData()).isEmpty();
    }

    private static ScalePool reason(int replica, int r) {
        return new ScalePool("ml-serving", "triton-a100", 1, Duration.ofMinutes(15), 64, "r" + replica + "-" + r);
    }

    private static void runTogether(List<Replica> replicas, ObjIntConsumer<Replica> work) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < replicas.size(); i++) {
            int index = i;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                work.accept(replicas.get(index), index);
            });
            threads.add(t);
            t.start();
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    private static void awaitWritten(List<Replica> replicas) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> replicas.stream().noneMatch(r -> r.shared().hasUnwrittenChanges()));
    }

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(NS).withName(CONFIG_MAP).get();
    }
}
