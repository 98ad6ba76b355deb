package dev.odpe.engine.adapter.keda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.odpe.rules.action.ScalePool;
import dev.odpe.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
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
        assertThat(configMap().getData()).doesNotContainKey("ml-serving.triton-a100");
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
        assertThat(configMap().getData()).containsKey("ml-serving.triton-a100");
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
        assertThat(configMap().getData()).containsKeys("ml-serving.triton-a100", "ml-serving.triton-h100");
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

    private ConfigMap configMap() {
        return client.configMaps().inNamespace(NS).withName(CONFIG_MAP).get();
    }
}
