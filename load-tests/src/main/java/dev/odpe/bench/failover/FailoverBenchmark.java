package dev.odpe.bench.failover;

import dev.odpe.externalscaler.ExternalScalerGrpc;
import dev.odpe.externalscaler.ScaledObjectRef;
import dev.odpe.testsupport.TestAlert;
import dev.odpe.testsupport.cluster.AlertLoad;
import dev.odpe.testsupport.cluster.ArgoCdApplications;
import dev.odpe.testsupport.cluster.DecisionJournal;
import dev.odpe.testsupport.cluster.EngineCluster;
import dev.odpe.testsupport.cluster.EngineReplica;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Leader failover (issue 12's benchmark): three packaged engines elect a leader on a Lease in fabric8's
 * mock API server, with {@code RollbackModel} and {@code ScalePool} live under a steady alert load
 * through the real Alertmanager. The leader is SIGKILLed {@code kills} times, each time while a
 * rollback it started runs in the Argo CD double, and restarted like a killed container. Per kill it
 * measures, from the kill: when the test saw another live pod hold the Lease; the first decision the
 * new leader audited (its own {@code time}); and when a pool whose latency alert was posted to
 * Alertmanager right after the kill is served as active over KEDA's gRPC by every ready replica.
 *
 * <p>Options: {@code engine.jar}, {@code kills} (10), {@code lease.duration} (15s), {@code
 * renew.deadline} (10s), {@code retry.period} (2s), {@code operation} (3s), {@code resync} (1m).
 */
public final class FailoverBenchmark {

    private static final String SERVING = "ml-serving";
    private static final Duration WAIT = Duration.ofMinutes(2);

    /** One kill's times from the kill, in ms; -1 when not reached within {@link #WAIT}. */
    record Measured(int kill, String from, String to, boolean midRollback, long lease, long decision, long served) {}

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(System.getProperty("engine.jar", "engine/target/quarkus-app/quarkus-run.jar"));
        int kills = Integer.getInteger("kills", 10);
        Map<String, String> lease = new LinkedHashMap<>();
        lease.put("odpe.leader-election.lease-duration", System.getProperty("lease.duration", "15s"));
        lease.put("odpe.leader-election.renew-deadline", System.getProperty("renew.deadline", "10s"));
        lease.put("odpe.leader-election.retry-period", System.getProperty("retry.period", "2s"));
        Duration operation = Duration.parse("PT" + System.getProperty("operation", "3s"));
        Map<String, String> properties = new LinkedHashMap<>(Map.of(
                "odpe.planner.live-types", "RollbackModel,ScalePool",
                "odpe.ledger", "kubernetes",
                "odpe.alertmanager.resync-interval", System.getProperty("resync", "1m"),
                "odpe.rollback.argocd.watch-interval", "250ms",
                "odpe.rollback.verify-within", "1h",
                "odpe.rollback.workers", "8",
                "quarkus.log.category.\"io.quarkus.opentelemetry.runtime.exporter.otlp\".level", "ERROR"));
        properties.putAll(lease);
        List<String> models =
                IntStream.range(0, kills * 4).mapToObj(i -> "m-" + i).toList();
        Path logs = Files.createTempDirectory("odpe-failover-bench");
        List<Measured> measured = new ArrayList<>();
        try (EngineCluster cluster = EngineCluster.start(new EngineCluster.Settings(
                        jar,
                        3,
                        "odpe",
                        models.stream().map(m -> SERVING + "/" + m).toList(),
                        operation,
                        properties,
                        List.of("-Xmx256m"),
                        logs));
                AlertLoad load = AlertLoad.start(
                        cluster.alertmanager(),
                        SERVING,
                        "load",
                        Duration.ofMillis(500),
                        models,
                        Duration.ofSeconds(1))) {
            EngineReplica leader = cluster.awaitLeader(Optional.empty(), WAIT).leader();
            for (int kill = 1; kill <= kills; kill++) {
                boolean midRollback = awaitRollbackRunningFrom(cluster, leader, Duration.ofSeconds(30));
                EngineCluster.Kill killed = cluster.killAndRestart(leader);
                long killedNanos = System.nanoTime();
                String probe = "probe-" + kill;
                cluster.alertmanager().post(TestAlert.latencyBreach(SERVING, probe, killed.at()));
                EngineCluster.Takeover takeover = cluster.awaitLeader(Optional.of(leader), WAIT);
                long leaseMs = Duration.between(killed.at(), takeover.seen()).toMillis();
                long decisionMs = firstDecisionAfter(cluster.journal(), takeover.leader(), killed.at());
                long servedMs = awaitServedByEveryReadyReplica(cluster, probe, killedNanos);
                measured.add(new Measured(
                        kill, leader.pod(), takeover.leader().pod(), midRollback, leaseMs, decisionMs, servedMs));
                System.out.printf(
                        "kill %d: %s → %s, mid-rollback %s: lease seen %d ms, first decision %d ms, probe pool "
                                + "served %d ms%n",
                        kill, leader.pod(), takeover.leader().pod(), midRollback, leaseMs, decisionMs, servedMs);
                killed.awaitRestarted();
                leader = takeover.leader();
            }
            report(kills, lease, operation, measured, cluster.argocd(), cluster);
        }
    }

    /** True once {@code leader} has a rollback running in Argo CD (it audited it IN_PROGRESS); false after {@code within}. */
    private static boolean awaitRollbackRunningFrom(EngineCluster cluster, EngineReplica leader, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> running = cluster.argocd().runningOperations();
            int process = leader.processes() - 1;
            boolean own = cluster
                    .journal()
                    .matching(e -> e.pod().equals(leader.pod())
                            && e.process() == process
                            && "RollbackModel".equals(e.actionType())
                            && "IN_PROGRESS".equals(e.outcome()))
                    .stream()
                    .anyMatch(e ->
                            running.contains(e.target().substring(e.target().lastIndexOf('/') + 1)));
            if (own) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Ms from {@code killedAt} to the first decision the new leader's current process audited after it. */
    private static long firstDecisionAfter(DecisionJournal journal, EngineReplica leader, Instant killedAt)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int process = leader.processes() - 1;
        while (System.nanoTime() < deadline) {
            Optional<Instant> first = journal
                    .matching(e -> e.pod().equals(leader.pod())
                            && e.process() == process
                            && e.time().isAfter(killedAt))
                    .stream()
                    .map(DecisionJournal.Entry::time)
                    .min(Instant::compareTo);
            if (first.isPresent()) {
                return Duration.between(killedAt, first.get()).toMillis();
            }
            Thread.sleep(20);
        }
        return -1;
    }

    /** Ms from the kill until every ready replica answers IsActive = true for {@code pool} over gRPC. */
    private static long awaitServedByEveryReadyReplica(EngineCluster cluster, String pool, long killedNanos)
            throws InterruptedException {
        ScaledObjectRef ref = ScaledObjectRef.newBuilder()
                .setName("so-" + pool)
                .setNamespace(SERVING)
                .putScalerMetadata("pool", pool)
                .build();
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<Integer, ManagedChannel> channels = new LinkedHashMap<>();
        try {
            while (System.nanoTime() < deadline) {
                List<Integer> ports = cluster.replicas().stream()
                        .map(EngineReplica::engine)
                        .flatMap(Optional::stream)
                        .map(e -> e.grpcPort())
                        .toList();
                boolean all = !ports.isEmpty() && ports.stream().allMatch(port -> isActive(channels, port, ref));
                if (all) {
                    return (System.nanoTime() - killedNanos) / 1_000_000;
                }
                Thread.sleep(20);
            }
            return -1;
        } finally {
            channels.values().forEach(ManagedChannel::shutdownNow);
        }
    }

    private static boolean isActive(Map<Integer, ManagedChannel> channels, int port, ScaledObjectRef ref) {
        ManagedChannel channel = channels.computeIfAbsent(
                port,
                p -> ManagedChannelBuilder.forAddress("127.0.0.1", p)
                        .usePlaintext()
                        .build());
        try {
            return ExternalScalerGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .isActive(ref)
                    .getResult();
        } catch (StatusRuntimeException e) {
            return false;
        }
    }

    private static void report(
            int kills,
            Map<String, String> lease,
            Duration operation,
            List<Measured> measured,
            ArgoCdApplications argocd,
            EngineCluster cluster) {
        long duplicates = argocd.rollbacks().stream()
                .collect(Collectors.groupingBy(ArgoCdApplications.RollbackRequest::application, Collectors.counting()))
                .values()
                .stream()
                .filter(n -> n > 1)
                .count();
        System.out.printf("%n%d kills, lease %s, Argo CD operation %s, 3 replicas%n", kills, lease, operation);
        System.out.printf("kill → new leader seen holding the Lease: %s%n", summary(measured, Measured::lease));
        System.out.printf("kill → first decision of the new leader:   %s%n", summary(measured, Measured::decision));
        System.out.printf(
                "kill → new pool's intent served by every ready replica (gRPC IsActive): %s%n",
                summary(measured, Measured::served));
        System.out.printf(
                "mid-rollback kills: %d of %d; Applications with more than one rollback request: %d; "
                        + "rollback requests %d; Remediations %d%n",
                measured.stream().filter(Measured::midRollback).count(),
                kills,
                duplicates,
                argocd.rollbacks().size(),
                cluster.remediations().size());
    }

    private static String summary(List<Measured> measured, ToLongFunction<Measured> value) {
        List<Long> values = measured.stream()
                .mapToLong(value)
                .filter(v -> v >= 0)
                .sorted()
                .boxed()
                .toList();
        if (values.isEmpty()) {
            return "none reached";
        }
        return "p50 %d ms, max %d ms (n=%d, not reached %d)"
                .formatted(
                        values.get((values.size() - 1) / 2),
                        values.get(values.size() - 1),
                        values.size(),
                        measured.size() - values.size());
    }

    private FailoverBenchmark() {}
}
