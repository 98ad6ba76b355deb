package dev.odpe.testsupport.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.testsupport.Alertmanager;
import dev.odpe.testsupport.PackagedEngine;
import dev.odpe.testsupport.WebhookReceiver;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A small cluster on loopback for failover tests and benchmarks: fabric8's mock API server (CRUD),
 * N packaged engines as separate processes (pods {@code odpe-engine-0..N-1}, each with its own
 * identity and a Pod object), the real Alertmanager posting to the {@link IngestService} (the
 * leader-labelled Service) and known to every engine for its resync, and an {@link
 * ArgoCdApplications} double serving one Application per rollback model. Nothing here knows the
 * engine's classes: everything is read over HTTP, from logs and from Kubernetes objects.
 */
public final class EngineCluster implements AutoCloseable {

    /** The Lease the engines elect their leader on. */
    public static final String LEASE = "odpe-engine-leader";
    /** The ConfigMap the replicas share {@code ScalePool} intents through. */
    public static final String INTENTS_CONFIG_MAP = "odpe-pool-intents";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    /**
     * How to run the cluster.
     *
     * @param jar            the packaged engine ({@code quarkus-run.jar})
     * @param replicas       engine pods
     * @param namespace      everything lives there (Leases, ConfigMaps, Pods, Remediations)
     * @param rollbackModels {@code <namespace>/<model>} keys mapped to Argo CD Applications named as the model
     * @param operation      how long each accepted Argo CD rollback operation runs
     * @param properties     engine configuration beyond the plumbing this cluster sets (live types, lease, ledger)
     * @param jvmOptions     per engine JVM, e.g. {@code -Xmx256m}
     * @param logDirectory   every process's console goes to a file here
     */
    public record Settings(
            Path jar,
            int replicas,
            String namespace,
            List<String> rollbackModels,
            Duration operation,
            Map<String, String> properties,
            List<String> jvmOptions,
            Path logDirectory) {}

    private final Settings settings;
    private final Clock clock = Clock.systemUTC();
    private final KubernetesApi api;
    private final ArgoCdApplications argocd;
    private final IngestService ingest;
    private final Alertmanager alertmanager;
    private final DecisionJournal journal = new DecisionJournal();
    private final Map<String, EngineReplica> replicas = new ConcurrentHashMap<>();
    private final Path config;
    private int nextPod;

    private EngineCluster(Settings settings) {
        this.settings = settings;
        try {
            Files.createDirectories(settings.logDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.api = KubernetesApi.start(settings.namespace());
        this.argocd = ArgoCdApplications.start(settings.operation());
        this.ingest = IngestService.start(api.client(), () -> Map.copyOf(replicas));
        this.alertmanager =
                Alertmanager.start(WebhookReceiver.unauthenticated(ingest.uri("/api/v1/alerts/alertmanager")));
        this.config = writeConfig();
    }

    /** Starts everything and returns once every engine answered its readiness probe. */
    public static EngineCluster start(Settings settings) {
        EngineCluster cluster = new EngineCluster(settings);
        try {
            List<EngineReplica> pods = new ArrayList<>();
            for (int i = 0; i < settings.replicas(); i++) {
                pods.add(cluster.newPod());
            }
            await(pods.stream()
                    .map(pod -> CompletableFuture.runAsync(pod::restart))
                    .toList());
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public KubernetesApi api() {
        return api;
    }

    public ArgoCdApplications argocd() {
        return argocd;
    }

    public Alertmanager alertmanager() {
        return alertmanager;
    }

    public IngestService ingest() {
        return ingest;
    }

    public DecisionJournal journal() {
        return journal;
    }

    /** The cluster's pods, ordered by name. */
    public List<EngineReplica> replicas() {
        return new TreeMap<>(replicas).values().stream().toList();
    }

    /** The pod that holds the Lease now, if any; its process may be dead (a kill does not release the Lease). */
    public Optional<EngineReplica> leaseHolder() {
        return api.leaseHolder(LEASE).map(replicas::get);
    }

    /** The Lease holder if its process is alive, i.e. a leader that can act. */
    public Optional<EngineReplica> leader() {
        return leaseHolder().filter(EngineReplica::isReady);
    }

    /** Waits until a live process holds the Lease and not {@code previous}; returns it and when it was seen. */
    public Takeover awaitLeader(Optional<EngineReplica> previous, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<EngineReplica> now = leader();
            if (now.isPresent() && (previous.isEmpty() || now.get() != previous.get())) {
                return new Takeover(now.get(), clock.instant());
            }
            sleep(Duration.ofMillis(50));
        }
        throw new AssertionError(
                "no new leader within " + within + " (Lease " + api.lease(LEASE) + ")\n" + logTails(60));
    }

    /** A new leader and the moment the test saw it hold the Lease. */
    public record Takeover(EngineReplica leader, Instant seen) {}

    /**
     * SIGKILLs {@code pod}'s process and starts its next one in the background, as the kubelet restarts a
     * killed container; returns the kill time and the restart (completed once the new process is ready).
     */
    public Kill killAndRestart(EngineReplica pod) {
        Instant at = pod.kill();
        return new Kill(pod, at, CompletableFuture.runAsync(pod::restart));
    }

    /** One SIGKILL: whose, when, and its restart. */
    public record Kill(EngineReplica pod, Instant at, CompletableFuture<Void> restarted) {
        public void awaitRestarted() {
            await(List.of(restarted));
        }
    }

    /**
     * A Deployment's RollingUpdate with maxSurge 1 and maxUnavailable 0: for each pod there now, start a
     * new pod and wait for it to be ready, then SIGTERM the old one (waiting up to {@code grace}, the
     * termination grace period, before SIGKILL) and delete its Pod object. Returns, per old pod, whether
     * it exited within the grace period.
     */
    public Map<String, Boolean> rollingRestart(Duration grace) {
        Map<String, Boolean> exitedInTime = new LinkedHashMap<>();
        for (EngineReplica old : replicas()) {
            newPod().restart();
            exitedInTime.put(old.pod(), old.stop(grace));
            api.client().pods().withName(old.pod()).delete();
            replicas.remove(old.pod());
        }
        return exitedInTime;
    }

    /**
     * Pool (e.g. {@code ml-serving.p-3}) → reasons with a live boost, as the shared intents ConfigMap holds
     * them. Read from the entries, which name their pool and reason, not from the data keys (one per
     * pool, or one per pool and reason, depending on the engine's version).
     */
    public Map<String, Set<String>> sharedIntents() {
        Map<String, Set<String>> intents = new TreeMap<>();
        Instant now = clock.instant();
        api.configMapData(INTENTS_CONFIG_MAP).forEach((key, text) -> {
            try {
                for (JsonNode entry : JSON.readTree(text)) {
                    JsonNode at = entry.path("expiresAt");
                    Instant expires = at.isNumber()
                            ? Instant.ofEpochMilli((long) (at.asDouble() * 1000))
                            : Instant.parse(at.asText());
                    if (expires.isAfter(now)) {
                        intents.computeIfAbsent(
                                        entry.path("namespace").asText() + "."
                                                + entry.path("pool").asText(),
                                        pool -> new HashSet<>())
                                .add(entry.path("reason").asText());
                    }
                }
            } catch (IOException | RuntimeException e) {
                intents.computeIfAbsent(key, k -> new HashSet<>()).add("(unreadable: " + e.getMessage() + ")");
            }
        });
        return intents;
    }

    /** The sum of every sample of {@code metric} (any labels) on {@code engine}'s {@code /q/metrics}. */
    public static double metric(PackagedEngine engine, String metric) {
        return engine.get("/q/metrics")
                .lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Every Remediation's name, spec and status as JSON trees (untyped: the test does not use the engine's classes). */
    public List<JsonNode> remediations() {
        return api.remediations().stream()
                .map(r -> (JsonNode) JSON.valueToTree(r))
                .toList();
    }

    /** The last {@code lines} of every process's log, for failure messages. */
    public String logTails(int lines) {
        return replicas().stream().map(r -> r.logTail(lines)).collect(Collectors.joining("\n"));
    }

    private EngineReplica newPod() {
        String pod = "odpe-engine-" + nextPod++;
        api.client()
                .pods()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(pod)
                        .addToLabels("app.kubernetes.io/name", "odpe-engine")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("engine")
                        .withImage("odpe-engine:test")
                        .endContainer()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Running")
                        .withPodIP("127.0.0.1")
                        .endStatus()
                        .build())
                .create();
        Path kubeconfig = api.kubeconfig(settings.logDirectory(), pod);
        EngineReplica replica = new EngineReplica(
                pod,
                launch -> PackagedEngine.launch(settings.jar())
                        .jvmOptions(settings.jvmOptions())
                        .jvmOptions(List.of("-Dquarkus.config.locations=" + config.toUri()))
                        .readyTimeout(START_TIMEOUT)
                        .environment(EngineReplica.podEnvironment(pod, settings.namespace(), kubeconfig)),
                journal,
                settings.logDirectory(),
                clock);
        replicas.put(pod, replica);
        return replica;
    }

    /** The plumbing every engine gets (Argo CD, models, Alertmanager, shared intents), then the caller's keys. */
    private Path writeConfig() {
        Map<String, String> properties = new LinkedHashMap<>();
        try {
            Path token = Files.writeString(settings.logDirectory().resolve("argocd-token"), "failover-test");
            properties.put("odpe.rollback.argocd.url", argocd.uri().toString());
            properties.put("odpe.rollback.argocd.token-file", token.toString());
            for (String model : settings.rollbackModels()) {
                String key = "odpe.rollback.models.\"" + model + "\".";
                properties.put(key + "application", model.substring(model.indexOf('/') + 1));
                properties.put(key + "helm-parameter", "model.version");
            }
            properties.put("odpe.alertmanager.urls", alertmanager.baseUri().toString());
            properties.put("odpe.scaler.intents.shared", "true");
            // no OTLP collector here: spans are still made (trace ids in decisions), the exporter's complaints quieted
            properties.put("quarkus.log.category.\"io.quarkus.opentelemetry.runtime.exporter.otlp\".level", "ERROR");
            properties.putAll(settings.properties());
            StringBuilder text = new StringBuilder();
            properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
            return Files.writeString(settings.logDirectory().resolve("engine.properties"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void await(List<CompletableFuture<Void>> starts) {
        try {
            CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                    .get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "an engine did not start: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("engines not ready within " + START_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops every engine (SIGTERM, briefly), then Alertmanager, the doubles and the API server. */
    @Override
    public void close() {
        await(replicas.values().stream()
                .map(r -> CompletableFuture.runAsync(() -> r.stop(Duration.ofSeconds(10))))
                .toList());
        alertmanager.close();
        ingest.close();
        argocd.close();
        api.close();
    }
}
