package dev.odpe.engine;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;

/**
 * The engine's package layering and the modules' import boundaries (issue 11).
 *
 * <p>The loop reads top to bottom: {@code ingest → evaluate → decide → {plan, execute, audit} → decision}; the
 * remediation {@code ledger} sits below {@code decide} and {@code plan} (they commit to it and rebuild from it).
 * Adapters ({@code adapter.kafka}, {@code adapter.keda}, {@code adapter.rollback}, each with its sub-packages) sit
 * on top of it and may use any of it; nothing else uses an adapter, and no adapter uses another. {@code http} and
 * {@code config} are shared by all; {@code health} may read {@code evaluate}. {@code leader} (which replica acts)
 * uses only the vocabulary and the shared packages; {@code ingest}, {@code evaluate}, {@code decide} and
 * {@code execute} may ask it.
 *
 * <p>Main code only: the classes of {@code rules/} and {@code scaler/} come from the engine's class path (it
 * depends on both), test classes are left out.
 */
@AnalyzeClasses(packages = "dev.odpe", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ENGINE = "dev.odpe.engine..";

    @ArchTest
    void theEnginePackagesHaveNoCycles(JavaClasses classes) {
        slices().matching("dev.odpe.engine.(**)").should().beFreeOfCycles().check(classes);
    }

    @ArchTest
    void theEnginePackagesFollowTheLoopFromIngestToTheDecisionVocabulary(JavaClasses classes) {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Adapters")
                .definedBy("dev.odpe.engine.adapter..")
                .layer("Health")
                .definedBy("dev.odpe.engine.health..")
                .layer("Ingest")
                .definedBy("dev.odpe.engine.ingest..")
                .layer("Evaluate")
                .definedBy("dev.odpe.engine.evaluate..")
                .layer("Decide")
                .definedBy("dev.odpe.engine.decide..")
                .layer("Plan")
                .definedBy("dev.odpe.engine.plan..")
                .layer("Execute")
                .definedBy("dev.odpe.engine.execute..")
                .layer("Audit")
                .definedBy("dev.odpe.engine.audit..")
                .layer("Leader")
                .definedBy("dev.odpe.engine.leader..")
                .layer("Ledger")
                .definedBy("dev.odpe.engine.ledger..")
                .layer("Decision")
                .definedBy("dev.odpe.engine.decision..")
                .layer("Http")
                .definedBy("dev.odpe.engine.http..")
                .layer("Config")
                .definedBy("dev.odpe.engine.config..")
                .layer("HttpClient")
                .definedBy("dev.odpe.engine.httpclient..")
                .whereLayer("Adapters")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Health")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Ingest")
                .mayOnlyAccessLayers("Evaluate", "Leader", "Decision", "Http", "Config")
                .whereLayer("Health")
                .mayOnlyAccessLayers("Evaluate", "Decision", "Http", "Config")
                .whereLayer("Evaluate")
                .mayOnlyAccessLayers("Decide", "Leader", "Decision", "Http", "Config")
                .whereLayer("Decide")
                .mayOnlyAccessLayers("Plan", "Execute", "Audit", "Ledger", "Leader", "Decision", "Http", "Config")
                .whereLayer("Plan")
                .mayOnlyAccessLayers("Ledger", "Decision", "Http", "Config")
                .whereLayer("Ledger")
                .mayOnlyAccessLayers("Decision", "Http", "Config")
                .whereLayer("Execute")
                .mayOnlyAccessLayers("Leader", "Decision", "Http", "Config")
                .whereLayer("Audit")
                .mayOnlyAccessLayers("Decision", "Http", "Config")
                .whereLayer("Leader")
                .mayOnlyBeAccessedByLayers("Adapters", "Ingest", "Evaluate", "Decide", "Execute")
                .whereLayer("Leader")
                .mayOnlyAccessLayers("Decision", "Http", "Config")
                .whereLayer("Http")
                .mayOnlyAccessLayers("Decision")
                .whereLayer("Config")
                .mayOnlyAccessLayers("Decision")
                .whereLayer("Decision")
                .mayNotAccessAnyLayer()
                .whereLayer("HttpClient")
                .mayOnlyBeAccessedByLayers("Adapters")
                .whereLayer("HttpClient")
                .mayNotAccessAnyLayer()
                .check(classes);
    }

    @ArchTest
    void theDecisionVocabularyImportsNoOtherEnginePackage(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("dev.odpe.engine.decision..")
                .should()
                .dependOnClassesThat(resideInAPackage(ENGINE).and(not(resideInAPackage("dev.odpe.engine.decision.."))))
                .check(classes);
    }

    /**
     * The vocabulary is plain values: the JDK, the rules API, and Jackson for a decision's JSON form (the
     * public audit API, the audit log line and the decisions topic all write {@code Decision} the same way).
     */
    @ArchTest
    void theDecisionVocabularyUsesOnlyTheJdkJacksonAndTheRulesApi(JavaClasses classes) {
        classes()
                .that()
                .resideInAPackage("dev.odpe.engine.decision..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "com.fasterxml.jackson..",
                        // the rules module's API: the facts it reads and the actions it decides
                        "dev.odpe.rules.fact..",
                        "dev.odpe.rules.action..",
                        "dev.odpe.engine.decision..")
                .check(classes);
    }

    @ArchTest
    void nothingOutsideAnAdapterImportsIt(JavaClasses classes) {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.odpe.engine.adapter..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.odpe.engine.adapter..")
                .check(classes);
    }

    @ArchTest
    void adaptersDoNotImportEachOther(JavaClasses classes) {
        // one slice per adapter with its sub-packages: adapter.keda → adapter.keda.prometheus stays inside one
        slices().matching("dev.odpe.engine.adapter.(*)..")
                .should()
                .notDependOnEachOther()
                .check(classes);
    }

    @ArchTest
    void theRulesModuleImportsNeitherTheEngineNorTheScalerNorQuarkus(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("dev.odpe.rules..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINE, "dev.odpe.scaler..", "io.quarkus..")
                .check(classes);
    }

    @ArchTest
    void theScalerModuleImportsNeitherTheEngineNorQuarkus(JavaClasses classes) {
        noClasses()
                .that()
                .resideInAPackage("dev.odpe.scaler..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(ENGINE, "io.quarkus..")
                .check(classes);
    }
}
