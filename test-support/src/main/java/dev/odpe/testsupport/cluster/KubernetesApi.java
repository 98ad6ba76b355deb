package dev.odpe.testsupport.cluster;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * fabric8's mock Kubernetes API server in CRUD mode on loopback, in the test's JVM: it keeps what is
 * written (Leases, ConfigMaps, Pods, {@code Remediation}s), answers 409 to a create of an existing
 * name and to an update with a stale {@code resourceVersion}, and serves watches. Engine processes
 * reach it through a generated kubeconfig (server URL, a token, the namespace), as a pod reaches the
 * API server through its service account; the test reads and changes the same objects with
 * {@link #client()}.
 */
public final class KubernetesApi implements AutoCloseable {

    /** The ledger's custom resource: {@code remediations.odpe.dev}, namespaced, v1alpha1, status subresource. */
    public static final CustomResourceDefinitionContext REMEDIATIONS = new CustomResourceDefinitionContext.Builder()
            .withName("remediations.odpe.dev")
            .withGroup("odpe.dev")
            .withVersion("v1alpha1")
            .withScope("Namespaced")
            .withPlural("remediations")
            .withKind("Remediation")
            .withStatusSubresource(true)
            .build();

    /** The mock server logs every request at INFO (JUL); held here so the level set in {@link #start} sticks. */
    private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final NamespacedKubernetesClient client;
    private final String namespace;

    private KubernetesApi(KubernetesMockServer server, String namespace) {
        this.server = server;
        this.namespace = namespace;
        this.client = server.createClient().inNamespace(namespace);
    }

    /** Starts an empty API server (plain HTTP) on a free loopback port; everything lives in {@code namespace}. */
    public static KubernetesApi start(String namespace) {
        MOCK_SERVER_LOG.setLevel(Level.WARNING);
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(REMEDIATIONS)),
                false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new KubernetesApi(server, namespace);
    }

    /** e.g. {@code http://127.0.0.1:40123} */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    public String namespace() {
        return namespace;
    }

    /** A client of the test's own, in {@link #namespace()}. */
    public NamespacedKubernetesClient client() {
        return client;
    }

    /**
     * Writes a kubeconfig for one engine process into {@code directory}: one cluster at {@link #url()},
     * a user with a bearer token, a current context in {@link #namespace()}. Point the process at it with
     * {@code KUBECONFIG}; fabric8 in the engine then takes server, token and namespace from it.
     */
    public Path kubeconfig(Path directory, String user) {
        String yaml = """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster:
                      server: "%s"
                users:
                  - name: "%s"
                    user:
                      token: "%s-token"
                contexts:
                  - name: mock
                    context:
                      cluster: mock
                      user: "%s"
                      namespace: "%s"
                current-context: mock
                """.formatted(url(), user, user, user, namespace);
        try {
            Files.createDirectories(directory);
            return Files.writeString(directory.resolve("kubeconfig-" + user + ".yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Lease {@code name}, if anyone holds or held it. */
    public Optional<Lease> lease(String name) {
        return Optional.ofNullable(client.leases().withName(name).get());
    }

    /** The Lease's {@code holderIdentity}, empty when there is no Lease or no holder. */
    public Optional<String> leaseHolder(String name) {
        return lease(name).map(l -> l.getSpec().getHolderIdentity()).filter(h -> !h.isBlank());
    }

    /** The ConfigMap's data, empty when it does not exist (yet). */
    public Map<String, String> configMapData(String name) {
        ConfigMap map = client.configMaps().withName(name).get();
        return map == null || map.getData() == null ? Map.of() : Map.copyOf(map.getData());
    }

    /** Every {@code Remediation} in the namespace, as untyped resources (the test does not know the engine's classes). */
    public List<GenericKubernetesResource> remediations() {
        return client.genericKubernetesResources(REMEDIATIONS).list().getItems();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
