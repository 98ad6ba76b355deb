package dev.odpe.engine.adapter.rollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationPatchStrategy;
import dev.odpe.engine.adapter.rollback.argocd.ApplicationResources;
import dev.odpe.engine.adapter.rollback.argocd.Applications;
import dev.odpe.engine.adapter.rollback.strategy.ApplicationRef;
import dev.odpe.engine.adapter.rollback.strategy.ModelTarget;
import dev.odpe.engine.adapter.rollback.strategy.StrategyKey;
import dev.odpe.engine.adapter.rollback.strategy.VersionLocation;
import dev.odpe.engine.decision.ExecutionResult;
import dev.odpe.engine.decision.Outcome;
import dev.odpe.engine.testing.ConfigStub;
import dev.odpe.rules.action.RollbackModel;
import dev.odpe.testsupport.MutableClock;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The detail of a dry-run rollback decision (audit, log line, decisions topic) carries no secrets. */
@EnableKubernetesMockClient(crud = true)
class DryRunRedactionTest {

    private static final ResourceDefinitionContext APPLICATIONS = new ResourceDefinitionContext.Builder()
            .withGroup("argoproj.io")
            .withVersion("v1alpha1")
            .withKind("Application")
            .withPlural("applications")
            .withNamespaced(true)
            .build();
    private static final RollbackModel BERT_8 = new RollbackModel("ml-serving", "bert", "8", "errors");
    private static final ModelTarget TARGET = ModelTarget.inApplication(
            StrategyKey.APP_PATCH,
            new ApplicationRef("bert-serving", "argocd", "ml-models"),
            new VersionLocation.HelmParameter("model.version"));

    KubernetesClient client;

    private final ObjectMapper json = new ObjectMapper();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final ManualSteps steps = new ManualSteps(clock);

    @Test
    void givenAnApplicationWithInlineHelmValuesWhenItsRollbackIsDryRunThenTheDecisionDetailHidesThem()
            throws Exception {
        // Given bert-serving carries inline Helm values with secrets and a repo URL with a token
        String application = Applications.bertServing("8", "Succeeded", "2026-11-27T10:00:00Z")
                .replace(
                        "\"helm\":{\"parameters\":[{\"name\":\"model.version\",\"value\":\"8\"}]}",
                        "\"helm\":{\"parameters\":[{\"name\":\"model.version\",\"value\":\"8\"}],"
                                + "\"values\":\"db:\\n  password: hunter2\\n\","
                                + "\"valuesObject\":{\"apiKey\":\"sk-live-123\"}}")
                .replace("https://git.example.com", "https://deploy:tok3n@git.example.com");
        GenericKubernetesResource app = json.readValue(application, GenericKubernetesResource.class);
        app.setApiVersion("argoproj.io/v1alpha1");
        app.setKind("Application");
        client.genericKubernetesResources(APPLICATIONS)
                .inNamespace("argocd")
                .resource(app)
                .create();
        RollbackJob job = new RollbackJob(
                new ApplicationPatchStrategy(new ApplicationResources(client, json)),
                null,
                ConfigStub.of(RollbackConfig.ArgoCd.class, Map.of("attempts", 1, "backoff", Duration.ofMillis(1))),
                Duration.ofMinutes(15),
                clock,
                steps,
                () -> {});

        // When its rollback runs in dry-run
        List<RollbackEnding> endings = new ArrayList<>();
        job.start("decision-1", BERT_8, TARGET, true, endings::add);
        steps.runAll(10);
        ExecutionResult result = endings.get(0).result();

        // Then the decision detail names the pin but none of the secrets
        assertThat(result.outcome()).isEqualTo(Outcome.DRY_RUN);
        assertThat(result.detail())
                .contains("\"value\":\"7\"", "<redacted>", "https://***@git.example.com")
                .doesNotContain("hunter2", "sk-live-123", "tok3n");
    }
}
